using WorkerSockets.Bindings;

namespace WorkerSockets.Tests.Bindings;

/// <summary>
/// Where a Hyperdrive binding's origin comes from (its value; in development only, wrangler's local variable and the
/// config's <c>localConnectionString</c>), and what a pooling host turns it into.
/// </summary>
public sealed class HyperdriveBindingTests
{
    private const string Local = "postgres://dev:devpw@localhost:5432/devdb";
    private const string LocalVariable = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE";

    [Fact]
    public void Outside_development_localConnectionString_is_not_a_default_and_the_binding_is_missing()
    {
        var reader = new BindingReader(new WorkerBindings(Values([(LocalVariable, Local)])));
        Assert.Null(reader.Hyperdrive("HYPERDRIVE", Local, id: null));
        var error = Assert.Throws<WorkerBindingException>(reader.ThrowIfFailed);
        Assert.Equal(["HYPERDRIVE (hyperdrive): missing (its localConnectionString applies only in development)"], error.Problems);
    }

    [Fact]
    public void In_development_localConnectionString_is_the_default()
    {
        var reader = new BindingReader(new WorkerBindings(Values([])) { IsDevelopment = true });
        var binding = reader.Hyperdrive("HYPERDRIVE", Local, id: null);
        reader.ThrowIfFailed();
        Assert.Equal(("localhost", "dev", "devdb"), (binding!.Host, binding.User, binding.Database));
    }

    [Fact]
    public void In_development_a_missing_binding_says_where_a_local_connection_string_goes()
    {
        var reader = new BindingReader(new WorkerBindings(Values([])) { IsDevelopment = true });
        Assert.Null(reader.Hyperdrive("DB", localConnectionString: null, id: null));
        var problem = Assert.Single(Assert.Throws<WorkerBindingException>(reader.ThrowIfFailed).Problems);
        Assert.StartsWith("DB (hyperdrive): missing (set DB or CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB to a PostgreSQL connection string", problem, StringComparison.Ordinal);
        Assert.Contains("localConnectionString", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void In_development_wrangler_3s_variable_is_read_after_wrangler_4s()
    {
        var legacy = new BindingReader(new WorkerBindings(Values([("WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE", "postgres://u:p@legacy.internal:5433/db")])) { IsDevelopment = true });
        Assert.Equal("legacy.internal", legacy.Hyperdrive("HYPERDRIVE", Local, id: null)!.Host);

        var both = new BindingReader(new WorkerBindings(Values([
            ("WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE", "postgres://u:p@legacy.internal:5433/db"),
            (LocalVariable, "postgres://u:p@current.internal:5433/db")])) { IsDevelopment = true });
        Assert.Equal("current.internal", both.Hyperdrive("HYPERDRIVE", Local, id: null)!.Host);
    }

    [Fact]
    public void In_development_wranglers_local_variable_wins_over_localConnectionString()
    {
        var reader = new BindingReader(new WorkerBindings(Values([(LocalVariable, "postgres://u:p@db.internal:6543/other")])) { IsDevelopment = true });
        var binding = reader.Hyperdrive("HYPERDRIVE", Local, id: null);
        Assert.Equal(("db.internal", 6543), (binding!.Host, binding.Port));
    }

    [Fact]
    public void The_bindings_own_value_wins_everywhere()
    {
        var values = Values([("HYPERDRIVE", "postgres://u:p@prod.example.com/app"), (LocalVariable, Local)]);
        foreach (var development in new[] { false, true })
        {
            var reader = new BindingReader(new WorkerBindings(values) { IsDevelopment = development });
            Assert.Equal("prod.example.com", reader.Hyperdrive("HYPERDRIVE", Local, id: null)!.Host);
        }
    }

    [Fact]
    public void Without_a_pooling_host_the_binding_describes_the_origin()
    {
        var reader = new BindingReader(new WorkerBindings(Values([("HYPERDRIVE", "postgres://u:secret@db.example.com:5433/app")])));
        var binding = reader.Hyperdrive("HYPERDRIVE", null, "0123abcd");
        Assert.Equal(("db.example.com", 5433, "secret"), (binding!.Host, binding.Port, binding.Password));
    }

    [Fact]
    public void A_pooling_host_gets_the_origin_and_the_id_and_its_endpoint_is_what_the_handler_sees()
    {
        var pooling = new RecordingPooling();
        var reader = new BindingReader(new WorkerBindings(Values([("HYPERDRIVE", "postgres://u:secret@db.example.com/app")])) { HyperdrivePooling = pooling });
        var binding = reader.Hyperdrive("HYPERDRIVE", null, "0123ABCD");
        reader.ThrowIfFailed();

        var (name, id, origin) = Assert.Single(pooling.Calls);
        Assert.Equal(("HYPERDRIVE", "0123abcd", "secret"), (name, id, origin.Password));
        Assert.Equal("0123abcd.hyperdrive.local", binding!.Host);
        Assert.DoesNotContain("secret", binding.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_config_id_the_pool_gets_a_stable_one_made_from_the_binding_name()
    {
        string IdFor(string bindingName)
        {
            var pooling = new RecordingPooling();
            var reader = new BindingReader(new WorkerBindings(Values([(bindingName, "postgres://u:p@db.example.com/app")])) { HyperdrivePooling = pooling });
            reader.Hyperdrive(bindingName, null, id: null);
            return Assert.Single(pooling.Calls).Id;
        }

        var id = IdFor("HYPERDRIVE");
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, IdFor("HYPERDRIVE"));
        Assert.NotEqual(id, IdFor("OTHER_DB"));
    }

    [Theory]
    [InlineData("has.dot")]
    [InlineData("-leading")]
    [InlineData("")]
    public void An_id_that_is_not_a_host_label_is_reported(string id)
    {
        var reader = new BindingReader(new WorkerBindings(Values([("HYPERDRIVE", "postgres://u:p@db.example.com/app")])) { HyperdrivePooling = new RecordingPooling() });
        Assert.Null(reader.Hyperdrive("HYPERDRIVE", null, id));
        var problem = Assert.Single(Assert.Throws<WorkerBindingException>(reader.ThrowIfFailed).Problems);
        Assert.StartsWith("HYPERDRIVE (hyperdrive): the id", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pooling_host_that_refuses_is_reported_as_a_binding_problem()
    {
        var reader = new BindingReader(new WorkerBindings(Values([("HYPERDRIVE", "postgres://u:p@db.example.com/app")])) { HyperdrivePooling = new RefusingPooling() });
        Assert.Null(reader.Hyperdrive("HYPERDRIVE", null, "abc"));
        Assert.Equal(["HYPERDRIVE (hyperdrive): pool refused"], Assert.Throws<WorkerBindingException>(reader.ThrowIfFailed).Problems);
    }

    private static Func<string, string?> Values((string Key, string Value)[] values) =>
        name => Array.Find(values, v => v.Key == name).Value;

    private sealed class RecordingPooling : IHyperdrivePooling
    {
        public List<(string Name, string Id, Hyperdrive Origin)> Calls { get; } = [];

        public Hyperdrive Pool(string bindingName, string id, Hyperdrive origin)
        {
            Calls.Add((bindingName, id, origin));
            return new Hyperdrive($"postgres://{origin.User}:generated@{id}.hyperdrive.local:5432/{origin.Database}?sslmode=disable");
        }
    }

    private sealed class RefusingPooling : IHyperdrivePooling
    {
        public Hyperdrive Pool(string bindingName, string id, Hyperdrive origin) => throw new InvalidOperationException("pool refused");
    }
}
