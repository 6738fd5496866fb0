using Microsoft.CodeAnalysis;
using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

/// <summary>
/// A newcomer's slips in the config file: a key one letter off a binding key (WSK112, a warning at the key), a hyperdrive
/// entry whose <c>binding</c> is misspelt, and messages about a JSON file written in JSON, not in TOML's syntax.
/// </summary>
public sealed class ConfigSlipTests
{
    private const string Source = "using WorkerSockets;\n[WorkerEnv] public partial class Env { }";

    private static IEnumerable<(string Id, DiagnosticSeverity Severity, int Line, int Column, string Message)> Found(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => (d.Id, d.Severity, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Location.GetLineSpan().StartLinePosition.Character + 1, d.GetMessage()));

    [Theory]
    [InlineData("wrangler.toml", "name = \"x\"\n\n[var]\nGREETING = \"hi\"\n", 3, "'var' is not a key wrangler reads, so everything under it is ignored; did you mean 'vars' ([vars])?")]
    [InlineData("wrangler.toml", "name = \"x\"\n[[hyperdrives]]\nbinding = \"DB\"\nid = \"a\"\n", 2, "did you mean 'hyperdrive' ([[hyperdrive]])?")]
    [InlineData("wrangler.toml", "name = \"x\"\n[[kv_namespace]]\nbinding = \"KV\"\nid = \"a\"\n", 2, "did you mean 'kv_namespaces' ([[kv_namespaces]])?")]
    [InlineData("wrangler.toml", "name = \"x\"\n[env.staging]\n[env.staging.Vars]\nA = \"1\"\n", 3, "'Vars' in [env.staging] is not a key wrangler reads")]
    [InlineData("wrangler.jsonc", "{\n  \"name\": \"x\",\n  \"var\": { \"GREETING\": \"hi\" },\n}\n", 3, "did you mean 'vars' (\"vars\": { ... })?")]
    [InlineData("wrangler.jsonc", "{\n  \"secret\": { \"required\": [\"KEY\"] }\n}\n", 2, "did you mean 'secrets'")]
    public async Task A_key_one_slip_from_a_binding_key_is_a_warning_at_that_key(string file, string text, int line, string expected)
    {
        var found = Assert.Single(Found(await GeneratorHarness.AnalyzeAsync(Source, ($"/p/{file}", text))));

        Assert.Equal(("WSK112", DiagnosticSeverity.Warning, line), (found.Id, found.Severity, found.Line));
        Assert.Contains(expected, found.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_hyperdrive_field_is_named_where_it_is()
    {
        var toml = """
            [[hyperdrive]]
            bindng = "DB"
            id = "a"
            [[hyperdrive]]
            binding = "CACHE_DB"
            id = "b"
            localconnectionstring = "postgres://u:p@localhost:5432/db"
            """;

        var found = Found(await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.toml", toml))).ToList();

        Assert.Equal([("WSK105", 1), ("WSK112", 2), ("WSK112", 7)], found.Select(f => (f.Id, f.Line)).OrderBy(f => f.Line));
        Assert.Contains("'bindng' is not a key of a hyperdrive entry, so it is ignored; did you mean 'binding'?", found.Single(f => f.Line == 2).Message, StringComparison.Ordinal);
        Assert.Contains("needs binding = \"NAME\", the name the worker reads it by ('bindng' is not read: did you mean 'binding'?)", found.Single(f => f.Id == "WSK105").Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'localConnectionString'?", found.Single(f => f.Line == 7).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"hyperdrive\": { \"binding\": \"DB\", \"id\": \"a\" } }", "'hyperdrive' must be an array of objects (\"hyperdrive\": [{ ... }]), one per binding")]
    [InlineData("{ \"hyperdrive\": [{ \"id\": \"a\" }] }", "needs \"binding\": \"NAME\"")]
    [InlineData("{ \"vars\": [\"A\"] }", "'vars' must be an object of names and values (\"vars\": { ... })")]
    [InlineData("{ \"env\": { \"staging\": 1 } }", "environment 'staging' must be an object (\"env\": { \"staging\": { ... } })")]
    [InlineData("{ \"kv_namespaces\": [{ \"id\": \"a\" }] }", "has no \"binding\": \"NAME\", which wrangler requires")]
    public async Task Messages_about_a_json_file_show_json(string jsonc, string expected)
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.jsonc", jsonc));

        Assert.Contains(diagnostics, d => d.GetMessage().Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(diagnostics, d => d.GetMessage().Contains("[[", StringComparison.Ordinal) || d.GetMessage().Contains(" = \"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("hyperdrive = { binding = \"DB\", id = \"a\" }", "'hyperdrive' must be an array of tables ([[hyperdrive]]), one per binding")]
    [InlineData("[[hyperdrive]]\nid = \"a\"", "each hyperdrive entry ([[hyperdrive]]) needs binding = \"NAME\"")]
    public async Task Messages_about_a_toml_file_show_toml(string toml, string expected)
    {
        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.toml", toml)));

        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keep_vars = true\nroute = \"example.com/*\"\nroutes = []\nrules = []\nsite = { bucket = \"./public\" }\nlimits = { cpu_ms = 50 }\n")]
    [InlineData("some_future_key = \"x\"\n[future_table]\nfield = 1\n")]
    [InlineData("[assets]\ndirectory = \"./public\"\n[alias]\nfoo = \"bar\"\n[images]\nbinding = \"IMAGES\"\n")]
    public async Task Wrangler_keys_and_unknown_keys_that_are_no_slip_stay_quiet(string toml)
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.toml", toml));

        Assert.DoesNotContain(diagnostics, d => d.Id is "WSK112" or "WSK105");
    }

    [Theory]
    [InlineData("var", "vars")]
    [InlineData("VARS", "vars")]
    [InlineData("vras", "vars")]
    [InlineData("hyper_drive", "hyperdrive")]
    [InlineData("kv-namespaces", "kv_namespaces")]
    [InlineData("d1_database", "d1_databases")]
    [InlineData("durable_object", "durable_objects")]
    [InlineData("AI", "ai")]
    [InlineData("routes", null)]
    [InlineData("ia", null)]
    [InlineData("keep_vars", null)]
    [InlineData("name", null)]
    public void Near_miss_is_a_slip_of_case_a_dash_or_one_edit(string key, string? expected)
    {
        string[] targets = ["vars", "hyperdrive", "secrets", "env", "kv_namespaces", "d1_databases", "durable_objects", "ai"];

        Assert.Equal(expected, WorkerSockets.Generators.Config.MisspelledKeys.NearMiss(key, targets));
    }

    [Fact]
    public async Task A_second_config_file_is_a_warning_on_it_naming_the_one_that_is_read()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(
            Source,
            ("/p/wrangler.toml", "[vars]\nNEW_VAR = \"x\"\n"),
            ("/p/wrangler.jsonc", "{ \"vars\": { \"GREETING\": \"hi\" } }"),
            ("/p/wrangler.json", "{ \"vars\": { \"GREETING\": \"hi\" } }"));

        var found = Found(diagnostics).OrderBy(f => f.Message, StringComparer.Ordinal).ToList();

        Assert.Equal(2, found.Count);
        Assert.All(found, f => Assert.Equal(("WSK113", DiagnosticSeverity.Warning, 1, 1), (f.Id, f.Severity, f.Line, f.Column)));
        Assert.Equal(["/p/wrangler.jsonc", "/p/wrangler.toml"], diagnostics.Select(d => d.Location.GetLineSpan().Path).Order(StringComparer.Ordinal));
        Assert.StartsWith("wrangler.toml is not read: wrangler.json is the config wrangler uses (it prefers wrangler.json, then wrangler.jsonc, then wrangler.toml), so nothing this file declares reaches Env", found[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_config_file_gets_no_WSK113()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.jsonc", "{ \"vars\": { \"GREETING\": \"hi\" } }"));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void A_hyphenated_or_dotted_var_is_a_property_read_by_its_own_name()
    {
        var source = "using WorkerSockets;\nnamespace App;\n[WorkerEnv] public partial class Env { }";
        var toml = "[vars]\n\"X-API-VERSION\" = \"2024-10-01\"\n\"feature.flag\" = true\n";

        var (_, output) = GeneratorHarness.Run(source, ("/p/wrangler.toml", toml));
        var env = UnboundPropertyTests.Load(output).GetType("App.Env")!;
        var bind = env.GetMethod("Bind", [typeof(Func<string, string?>)])!;
        var defaults = bind.Invoke(null, [(Func<string, string?>)(_ => null)])!;
        var overridden = bind.Invoke(null, [(Func<string, string?>)(name => name == "X-API-VERSION" ? "2025-01-01" : null)])!;

        Assert.Equal("2024-10-01", env.GetProperty("XApiVersion")!.GetValue(defaults));
        Assert.Equal(true, env.GetProperty("FeatureFlag")!.GetValue(defaults));
        Assert.Equal("2025-01-01", env.GetProperty("XApiVersion")!.GetValue(overridden));
    }

    [Theory]
    [InlineData("\"my var\" = \"x\"", "'my var'")]
    [InlineData("\"a:b\" = \"x\"", "'a:b'")]
    [InlineData("1ST = \"x\"", "'1ST'")]
    public async Task A_name_no_configuration_key_can_hold_is_WSK102_with_the_rule(string line, string name)
    {
        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.toml", "[vars]\n" + line + "\n")));

        Assert.Equal("WSK102", diagnostic.Id);
        Assert.Contains($"{name} is not a valid binding name: use letters, digits, '_', '-' or '.', starting with a letter or '_'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<YOUR_HYPERDRIVE_ID>")]
    [InlineData("")]
    [InlineData("put your id here")]
    public void A_placeholder_hyperdrive_id_binds_locally_with_an_id_made_from_the_binding_name(string id)
    {
        var source = "using WorkerSockets;\nnamespace App;\n[WorkerEnv] public partial class Env { }";
        var toml = $"[[hyperdrive]]\nbinding = \"HYPERDRIVE\"\nid = \"{id}\"\nlocalConnectionString = \"postgres://app:pw@localhost:5432/shop\"\n";

        var (_, output) = GeneratorHarness.Run(source, ("/p/wrangler.toml", toml));
        var env = UnboundPropertyTests.Load(output).GetType("App.Env")!;
        var pooling = new RecordingPooling();
        var bindings = new WorkerBindings(_ => null) { IsDevelopment = true, HyperdrivePooling = pooling };
        var bound = env.GetMethod("Bind", [typeof(WorkerBindings)])!.Invoke(null, [bindings])!;

        var pooled = (Hyperdrive)env.GetProperty("Hyperdrive")!.GetValue(bound)!;
        Assert.Equal(("HYPERDRIVE", "localhost"), (pooling.BindingName, pooling.Origin!.Host));
        Assert.Matches("^[0-9a-f]{32}$", pooling.Id);
        Assert.Equal($"{pooling.Id}.hyperdrive.local", pooled.Host);
    }

    [Fact]
    public void A_real_hyperdrive_id_names_the_local_host()
    {
        var source = "using WorkerSockets;\nnamespace App;\n[WorkerEnv] public partial class Env { }";
        var toml = "[[hyperdrive]]\nbinding = \"HYPERDRIVE\"\nid = \"A76A99BC342644DEB02C38D66082262A\"\nlocalConnectionString = \"postgres://app:pw@localhost:5432/shop\"\n";

        var (_, output) = GeneratorHarness.Run(source, ("/p/wrangler.toml", toml));
        var env = UnboundPropertyTests.Load(output).GetType("App.Env")!;
        var pooling = new RecordingPooling();
        env.GetMethod("Bind", [typeof(WorkerBindings)])!.Invoke(null, [new WorkerBindings(_ => null) { IsDevelopment = true, HyperdrivePooling = pooling }]);

        Assert.Equal("a76a99bc342644deb02c38d66082262a", pooling.Id);
    }

    /// <summary>The host's side of pooling, reduced to what it was asked for.</summary>
    private sealed class RecordingPooling : IHyperdrivePooling
    {
        public string? BindingName { get; private set; }

        public string? Id { get; private set; }

        public Hyperdrive? Origin { get; private set; }

        public Hyperdrive Pool(string bindingName, string id, Hyperdrive origin)
        {
            (BindingName, Id, Origin) = (bindingName, id, origin);
            return new Hyperdrive($"postgres://app:generated@{id}.hyperdrive.local:5432/shop?sslmode=disable");
        }
    }

    [Fact]
    public async Task An_attribute_naming_a_slip_of_an_unbound_file_var_is_WSK112_at_the_property()
    {
        var source = "using WorkerSockets;\n[WorkerEnv] public partial class Env { [Var(\"GREETNG\")] public partial string Welcome { get; } }";

        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\nGREETING = \"hi\"\n")));

        Assert.Equal(("WSK112", DiagnosticSeverity.Warning), (diagnostic.Id, diagnostic.Severity));
        Assert.Equal("wrangler.toml: property 'Welcome' binds 'GREETNG', which the file does not declare, so its value there is never read; did you mean 'GREETING'?", diagnostic.GetMessage());
        Assert.StartsWith("Welcome", diagnostic.Location.SourceTree!.ToString()[diagnostic.Location.SourceSpan.Start..], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Var(\"API_KEYS\")] public partial string Keys { get; } [Var(\"API_KEY\")] public partial string Key { get; }")]
    [InlineData("[Secret(\"GREETNG\")] public partial string Welcome { get; }")]
    [InlineData("[Var(\"OTHER\")] public partial string Other { get; }")]
    public async Task An_attribute_name_that_is_no_slip_of_an_unbound_var_of_its_kind_is_quiet(string properties)
    {
        var source = "using WorkerSockets;\n[WorkerEnv] public partial class Env { " + properties + " }";

        var diagnostics = await GeneratorHarness.AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\nGREETING = \"hi\"\nAPI_KEY = \"k\"\n"));

        Assert.DoesNotContain(diagnostics, d => d.Id == "WSK112");
    }

    [Theory]
    [InlineData("wrangler.toml", "[vars\nA = \"x\"\n", 1, 6, "expected ']' but found the end of the line")]
    [InlineData("wrangler.toml", "[vars]\nGREETING = hello\n", 2, 12, "invalid value 'hello': text needs quotes (\"hello\")")]
    [InlineData("wrangler.toml", "[vars]\nDEBUG = True\n", 2, 9, "invalid value 'True': TOML booleans are lower case (true)")]
    [InlineData("wrangler.toml", "[vars]\nPORT = 08080\n", 2, 8, "invalid value '08080': TOML integers have no leading zeros; write 8080, or quote it (\"08080\") to keep it text")]
    [InlineData("wrangler.toml", "[vars]\nA = true,\n", 2, 9, "expected the end of the line but found ',' (TOML separates keys by lines, not commas)")]
    [InlineData("wrangler.jsonc", "{ \"vars\": { \"A\": 'x' } }", 1, 18, "strings need double quotes in JSON, not single ones")]
    [InlineData("wrangler.jsonc", "{ \"vars\": { \"A\": True } }", 1, 18, "'True' is not a JSON value: write true")]
    [InlineData("wrangler.jsonc", "{ \"vars\": { \"A\": hello } }", 1, 18, "'hello' is not a JSON value: text needs double quotes (\"hello\")")]
    public async Task A_syntax_slip_is_WSK105_at_its_place_saying_what_was_meant(string file, string text, int line, int column, string expected)
    {
        var found = Assert.Single(Found(await GeneratorHarness.AnalyzeAsync(Source, ($"/p/{file}", text))));

        Assert.Equal(("WSK105", line, column), (found.Id, found.Line, found.Column));
        Assert.EndsWith(expected, found.Message, StringComparison.Ordinal);
    }
}
