using WorkerSockets.Generators.Tests.Sample;

namespace WorkerSockets.Generators.Tests;

/// <summary>Runs the Bind and CreateFetch that the real compiler generated for <see cref="SampleEnv"/> and <see cref="SampleWorker"/>.</summary>
public sealed class BindRuntimeTests
{
    private const string Secret = "s3cr3t-Value!";
    private const string HyperdrivePassword = "hd-pa55word";

    private static readonly Dictionary<string, string> Complete = new()
    {
        ["PORT"] = "8080",
        ["DB_PASSWORD"] = Secret,
        ["API_TOKEN"] = "token-" + Secret,
        ["HYPERDRIVE"] = $"postgres://app:{HyperdrivePassword}@db.internal:6543/customers",
    };

    private static Func<string, string?> Lookup(Dictionary<string, string> values) => name => values.GetValueOrDefault(name);

    [Fact]
    public void Bind_reads_attribute_bindings_and_uses_config_defaults_for_unset_vars()
    {
        var env = SampleEnv.Bind(Lookup(Complete));

        Assert.Equal("hello from wrangler.toml", env.Greeting);
        Assert.Equal(8080, env.Port);
        Assert.Null(env.Ratio);
        Assert.Equal(Secret, env.DbPassword);
        Assert.Equal("db.internal", env.Database.Host);
        Assert.Equal(6543, env.Database.Port);
        Assert.Equal("api.example.com", env.ApiHost);
        Assert.Equal(3L, env.MaxRetries);
        Assert.Equal("token-" + Secret, env.ApiToken);
        Assert.Equal("sample", env.AppConfig.Name);
        Assert.Equal(10L, env.AppConfig.Limits.Burst);
        Assert.Equal(2.5, env.AppConfig.Limits.PerSecond);
    }

    [Fact]
    public void Bind_prefers_the_lookup_over_the_config_default()
    {
        var values = new Dictionary<string, string>(Complete)
        {
            ["GREETING"] = "hi",
            ["MAX_RETRIES"] = "7",
            ["RATIO"] = "0.5",
            ["APP_CONFIG"] = """{ "name": "override", "limits": { "burst": 1 } }""",
        };

        var env = SampleEnv.Bind(Lookup(values));

        Assert.Equal("hi", env.Greeting);
        Assert.Equal(7L, env.MaxRetries);
        Assert.Equal(0.5, env.Ratio);
        Assert.Equal("override", env.AppConfig.Name);
        Assert.Equal(1L, env.AppConfig.Limits.Burst);
    }

    [Fact]
    public void Bind_reports_every_missing_binding_with_its_kind_in_one_exception()
    {
        var error = Assert.Throws<WorkerBindingException>(() => SampleEnv.Bind(_ => null));

        Assert.Equal(
            ["PORT (var): missing", "DB_PASSWORD (secret): missing", "HYPERDRIVE (hyperdrive): missing", "API_TOKEN (secret): missing"],
            error.Problems);
        Assert.StartsWith("4 worker binding(s) missing or malformed:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_values_are_reported_without_repeating_secrets_or_connection_strings()
    {
        var values = new Dictionary<string, string>(Complete)
        {
            ["PORT"] = "eighty",
            ["HYPERDRIVE"] = $"mysql://app:{HyperdrivePassword}@db/customers",
            ["APP_CONFIG"] = "[1, 2]",
        };
        values.Remove("DB_PASSWORD");

        var error = Assert.Throws<WorkerBindingException>(() => SampleEnv.Bind(Lookup(values)));

        Assert.Contains("PORT (var): 'eighty' is not a 32-bit integer", error.Problems);
        Assert.Contains("DB_PASSWORD (secret): missing", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("HYPERDRIVE (hyperdrive): ", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("APP_CONFIG (var): ", StringComparison.Ordinal));
        Assert.DoesNotContain(HyperdrivePassword, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_shows_vars_and_hides_secrets_and_the_hyperdrive_password()
    {
        var text = SampleEnv.Bind(Lookup(Complete)).ToString();

        Assert.Contains("Greeting = hello from wrangler.toml", text, StringComparison.Ordinal);
        Assert.Contains("DbPassword = ***", text, StringComparison.Ordinal);
        Assert.Contains("ApiToken = ***", text, StringComparison.Ordinal);
        Assert.Contains("Database = postgres://app:***@db.internal:6543/customers", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(HyperdrivePassword, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Env_implements_IWorkerEnv_for_generic_hosts()
    {
        static T BindThrough<T>(Func<string, string?> lookup)
            where T : IWorkerEnv<T> => T.Bind(new WorkerBindings(lookup));

        Assert.Equal(8080, BindThrough<SampleEnv>(Lookup(Complete)).Port);
    }

    [Fact]
    public async Task CreateFetch_binds_once_and_dispatches_every_request_to_one_worker_instance()
    {
        static WorkerFetch Create<TWorker>(Func<string, string?> lookup)
            where TWorker : IWorker => TWorker.CreateFetch(new WorkerBindings(lookup));

        var lookups = 0;
        var fetch = Create<SampleWorker>(name =>
        {
            Interlocked.Increment(ref lookups);
            return Complete.GetValueOrDefault(name);
        });
        var afterBind = lookups;

        using var first = await fetch(new HttpRequestMessage(), null!).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        using var second = await fetch(new HttpRequestMessage(), null!).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("hello from wrangler.toml #1", await first.Content.ReadAsStringAsync());
        Assert.Equal("hello from wrangler.toml #2", await second.Content.ReadAsStringAsync());
        Assert.Equal(afterBind, lookups);
    }

    [Fact]
    public void CreateFetch_fails_with_the_combined_binding_error_before_any_request()
    {
        var error = Assert.Throws<WorkerBindingException>(() => SampleWorker.CreateFetch(_ => null));

        Assert.Equal(4, error.Problems.Count);
    }
}
