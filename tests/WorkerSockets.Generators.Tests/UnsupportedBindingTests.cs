using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

/// <summary>WSK111: each binding of a kind this package does not implement is noted once, at its name, naming its kind.</summary>
public sealed class UnsupportedBindingTests
{
    private const string Source = "using WorkerSockets;\n[WorkerEnv] public partial class Env { }";

    [Fact]
    public async Task Each_unsupported_binding_is_one_info_diagnostic_at_its_name_in_toml()
    {
        var toml = """
            name = "shop"
            [[kv_namespaces]]
            binding = "CACHE"
            id = "a"
            [[r2_buckets]]
            binding = "FILES"
            bucket_name = "files"
            [[durable_objects.bindings]]
            name = "ROOMS"
            class_name = "Room"
            [[queues.producers]]
            binding = "JOBS"
            queue = "jobs"
            [[queues.consumers]]
            queue = "jobs"
            [ai]
            binding = "AI"
            [env.production]
            [[env.production.d1_databases]]
            binding = "DB"
            database_id = "x"
            """;

        var diagnostics = await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.toml", toml));

        Assert.All(diagnostics, d => Assert.Equal(("WSK111", Microsoft.CodeAnalysis.DiagnosticSeverity.Info), (d.Id, d.Severity)));
        var found = diagnostics.Select(d => (Line: d.Location.GetLineSpan().StartLinePosition.Line + 1, Column: d.Location.GetLineSpan().StartLinePosition.Character + 1, Message: d.GetMessage())).ToList();
        Assert.Equal([3, 6, 9, 12, 17, 20], found.Select(f => f.Line));
        Assert.All(found, f => Assert.Equal(f.Line == 9 ? 8 : 11, f.Column));
        Assert.Contains("KV namespace binding 'CACHE' (kv_namespaces)", found[0].Message, StringComparison.Ordinal);
        Assert.Contains("Durable Object namespace binding 'ROOMS'", found[2].Message, StringComparison.Ordinal);
        Assert.Contains("queue producer binding 'JOBS'", found[3].Message, StringComparison.Ordinal);
        Assert.Contains("D1 database binding 'DB'", found[5].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jsonc_bindings_are_noted_the_same_way()
    {
        var jsonc = """
            {
              // comment
              "services": [{ "binding": "AUTH", "service": "auth-worker" }],
              "vectorize": [{ "binding": "INDEX", "index_name": "idx" }]
            }
            """;

        var diagnostics = await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.jsonc", jsonc));

        Assert.Equal(["service binding 'AUTH'", "Vectorize index binding 'INDEX'"], diagnostics.Select(d => d.GetMessage().Split(" (")[0].Split(": ")[1]));
        Assert.All(diagnostics, d => Assert.Equal("WSK111", d.Id));
    }

    [Fact]
    public async Task Every_kind_in_wrangler_config_schema_is_noted_whatever_its_layout()
    {
        var toml = """
            [media]
            binding = "MEDIA"
            [[worker_loaders]]
            binding = "LOADER"
            [[unsafe.bindings]]
            name = "LIMITER"
            type = "ratelimit"
            [wasm_modules]
            WASM = "./a.wasm"
            [[vpc_networks]]
            binding = "NET"
            tunnel_id = "t"
            """;

        var diagnostics = await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.toml", toml));

        Assert.Equal(
            [(2, "Media Transformations binding 'MEDIA' (media)"), (4, "Worker Loader binding 'LOADER' (worker_loaders)"), (6, "unsafe ratelimit binding 'LIMITER' (unsafe)"),
             (9, "WebAssembly module binding 'WASM' (wasm_modules)"), (11, "VPC network binding 'NET' (vpc_networks)")],
            diagnostics.Select(d => (d.Location.GetLineSpan().StartLinePosition.Line + 1, d.GetMessage().Split(": ")[1].Split(" is not")[0])));
    }

    [Fact]
    public async Task A_key_newer_than_this_package_that_holds_binding_entries_is_noted_not_ignored()
    {
        var jsonc = """
            {
              "hologram": [{ "binding": "HOLO", "id": "1" }],
              "observability": { "enabled": true },
              "tail_consumers": [{ "service": "tail" }]
            }
            """;

        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.jsonc", jsonc)));

        Assert.Equal(("WSK111", 1), (diagnostic.Id, diagnostic.Location.GetLineSpan().StartLinePosition.Line));
        Assert.Contains("binding 'HOLO' (hologram) is of a kind this version of WorkerSockets does not know", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_without_its_name_field_is_noted_at_the_entry_and_assets_without_a_binding_are_not()
    {
        var toml = """
            [assets]
            directory = "./public"
            [[send_email]]
            destination_address = "a@example.com"
            """;

        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.toml", toml)));

        Assert.Equal(3, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("this send_email entry (send_email) has no name = \"NAME\", which wrangler requires", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_config_file_wrangler_reads_is_checked_when_a_project_has_two()
    {
        var toml = "[[kv_namespaces]]\nbinding = \"OLD\"\n[vars]\nBROKEN = 1979-02-30\n";
        var jsonc = "{ \"kv_namespaces\": [{ \"binding\": \"CACHE\", \"id\": \"1\" }] }";

        var diagnostics = await GeneratorHarness.AnalyzeAsync(Source, ("/p/wrangler.toml", toml), ("/p/wrangler.jsonc", jsonc));

        var diagnostic = Assert.Single(diagnostics, d => d.Id != "WSK113");
        Assert.Equal("/p/wrangler.toml", Assert.Single(diagnostics, d => d.Id == "WSK113").Location.GetLineSpan().Path);
        Assert.Equal("/p/wrangler.jsonc", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("KV namespace binding 'CACHE'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }
}
