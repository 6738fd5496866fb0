using Microsoft.CodeAnalysis;
using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

/// <summary>
/// Config files shaped like those in create-cloudflare's templates and public Workers repositories (RealWorldConfigs/,
/// re-typed), each beside an empty <c>[WorkerEnv] partial class Env</c>. The expectations are written by hand from
/// each file and the design's typing rules, not recorded from the generator's output.
/// </summary>
public sealed class RealWorldConfigTests
{
    /// <summary>One file: the Env members it should add (<c>Name: type</c>, or <c>Record.Member: type</c>) and every WSK diagnostic (<c>ID@line text</c>).</summary>
    public sealed record Case(string File, string[] Members, string[] Diagnostics)
    {
        public override string ToString() => File;
    }

    private const string Kv = "KV namespace binding";
    private const string D1 = "D1 database binding";
    private const string R2 = "R2 bucket binding";
    private const string Do = "Durable Object namespace binding";
    private const string Assets = "static assets binding";

    private static readonly Case[] All =
    [
        // create-cloudflare templates
        new("c3-hello-world.jsonc", [], []),
        new("c3-durable-object.jsonc", [], [$"WSK111@17 {Do} 'MY_DURABLE_OBJECT' (durable_objects)"]),
        new("c3-durable-object-with-assets.jsonc", [], [$"WSK111@24 {Do} 'MY_DURABLE_OBJECT'"]),
        new("c3-queues.jsonc", [], ["WSK111@16 queue producer binding 'MY_QUEUE' (queues)"]),
        new("c3-workflows.jsonc", [], ["WSK111@13 Workflow binding 'MY_WORKFLOW' (workflows)"]),
        new("c3-scheduled.jsonc", [], []),
        new("c3-waku-vars.jsonc", ["MaxItems: long"], [$"WSK111@11 {Assets} 'ASSETS'"]),
        new("c3-nuxt-workers.jsonc", [], [$"WSK111@6 {Assets} 'ASSETS'"]),
        new("c3-pages.jsonc", [], []),
        new("c3-react-spa.jsonc", [], []),
        new("c3-qwik-workers.jsonc", [], [$"WSK111@10 {Assets} 'ASSET'"]),
        new("svelte-pages.jsonc", [], []),

        // JSON and JSONC features: $schema, comments (block, line, after values), trailing commas, URLs holding // and /*
        new("schema-strict.json", ["ApiBaseUrl: string", "EnableCache: bool", "CacheTtlSeconds: long"], [$"WSK111@14 {Kv} 'SESSIONS'"]),
        new("comments-and-urls.jsonc", ["Upstream: string"], []),
        new(
            "link-shortener-kitchen-sink.jsonc",
            [],
            [
                $"WSK111@6 {Assets} 'ASSETS'", "WSK111@25 Workers AI binding 'AI' (ai)", "WSK111@30 Analytics Engine dataset binding 'ANALYTICS'",
                $"WSK111@36 {Kv} 'KV'", $"WSK111@43 {R2} 'R2'",
            ]),
        new(
            "vars-json-objects.jsonc",
            [
                "Site: App.Env.SiteValue", "SiteValue.Title: string", "SiteValue.Nav: App.Env.SiteValue.NavValue", "SiteValue.MaxPosts: long",
                "SiteValue.Ratio: double", "SiteValue.AllowedOrigins: System.Text.Json.JsonElement", "NavValue.Blog: string",
                "AllowedIps: string[]", "RetryDelaysMs: long[]", "Weights: double[]", "Mixed: System.Text.Json.JsonElement", "Nothing: string[]",
            ],
            []),
        new("null-var.jsonc", ["Region: string"], ["WSK105@6 var 'OPTIONAL_ENDPOINT' has an unsupported value (null)"]),
        new("legacy-fields.json", ["Mode: string"], [$"WSK111@11 {Do} 'COUNTER'", "WSK111@14 service binding 'API' (services)"]),
        new("containers.jsonc", [], [$"WSK111@17 {Do} 'MY_CONTAINER'"]),
        new(
            "newer-binding-kinds.jsonc",
            [],
            [
                "WSK111@5 Pipeline binding 'EVENTS_PIPELINE'", "WSK111@7 Secrets Store secret binding 'OPENAI_KEY'", "WSK111@9 Worker Loader binding 'LOADER'",
                "WSK111@10 VPC service binding 'PRIVATE_API'", "WSK111@11 AI Search instance binding 'SEARCH'", "WSK111@12 Media Transformations binding 'MEDIA'",
                "WSK111@13 Stream binding 'STREAM'", "WSK111@14 Flagship binding 'FLAGS'", "WSK111@15 hello-world binding 'HELLO'",
                "WSK111@16 binding 'FUTURE' (future_thing) is of a kind this version of WorkerSockets does not know",
            ]),

        // Environments: bindings and vars per [env.<name>], never inherited; vars widen when places disagree
        new("env-type-widening.jsonc", ["Debug: string", "Timeout: double", "Label: string"], [$"WSK111@25 {Kv} 'PROD_ONLY_KV'"]),
        new(
            "env-inline-vars.toml",
            ["Environment: string"],
            [$"WSK111@9 {D1} 'DB'", $"WSK111@14 {R2} 'STORAGE'", $"WSK111@18 {Kv} 'CACHE'", $"WSK111@28 {D1} 'DB'", $"WSK111@33 {R2} 'STORAGE'", $"WSK111@37 {Kv} 'CACHE'"]),
        new(
            "env-vars-tables.toml",
            ["Environment: string", "LogLevel: string", "CorsOrigin: string"],
            [$"WSK111@14 {D1} 'DB'", $"WSK111@19 {Kv} 'CACHE'", $"WSK111@32 {D1} 'DB'"]),
        new(
            "env-routes-table.toml",
            [],
            [
                $"WSK111@12 {Kv} 'KV_CACHE'", $"WSK111@22 {Kv} 'KV_CACHE'", $"WSK111@33 {Kv} 'KV_CACHE'", "WSK111@37 queue producer binding 'QUEUE'",
                $"WSK111@41 {Do} 'WEBSOCKET'",
            ]),
        new(
            "env-dotted-and-inline-arrays.toml",
            ["Environment: string", "SentrySampleRate: double"],
            [$"WSK111@6 {Kv} 'USERS'", $"WSK111@7 {Kv} 'SESSIONS'", $"WSK111@13 {Kv} 'USERS'", $"WSK111@13 {Kv} 'SESSIONS'"]),
        new(
            "env-object-vars.toml",
            [
                "Features: App.Env.FeaturesValue", "FeaturesValue.Search: bool", "FeaturesValue.MaxResults: double", "FeaturesValue.BetaBanner: string",
                "AllowedOrigins: string[]",
            ],
            []),
        new("hyperdrive-secrets-envs.toml", ["DbSchema: string", "Hyperdrive: WorkerSockets.Hyperdrive", "ApiToken: string", "SigningKey: string"], []),

        // TOML features: numbers in every form, all four string forms, inline tables, dotted keys, sub-tables, dates, BOM + CRLF
        new(
            "vars-scalars.toml",
            [
                "Port: long", "Ratio: double", "Debug: bool", "MaxUploadBytes: long", "FlagsMask: long", "SampleRate: double", "Empty: string",
                "Greeting: string", "WindowsPath: string", "NegativeOffset: long",
            ],
            []),
        new(
            "vars-json-objects.toml",
            [
                "AppName: string", "Limits: App.Env.LimitsValue", "LimitsValue.Burst: long", "LimitsValue.PerSecond: double", "LimitsValue.Enabled: bool",
                "Features: App.Env.FeaturesValue", "FeaturesValue.Beta: bool", "FeaturesValue.Rollout: string",
                "ServiceConfig: App.Env.ServiceConfigValue", "ServiceConfigValue.TimeoutMs: long", "ServiceConfigValue.Retry: App.Env.ServiceConfigValue.RetryValue",
                "RetryValue.Attempts: long", "ServiceConfigValue.Tags: System.Text.Json.JsonElement",
            ],
            []),
        new("vars-multiline-strings.toml", ["PublicKey: string", "RoutesJson: string", "Welcome: string", "Regex: string", "Quoted: string"], []),
        new("toml-dates.toml", ["Launch: string", "Released: string", "Cutoff: string"], []),
        new("crlf-bom.toml", ["Region: string", "Retries: long"], [$"WSK111@11 {Kv} 'STORE'"]),
        new("misc-top-level-tables.toml", ["SiteName: string"], []),

        // Binding kinds from public repositories
        new(
            "password-manager.toml",
            [],
            [$"WSK111@9 {Assets} 'ASSETS'", $"WSK111@18 {D1} 'DB'", $"WSK111@22 {Do} 'NOTIFICATIONS_HUB'", $"WSK111@26 {Do} 'BACKUP_RUNNER'", $"WSK111@30 {R2} 'ATTACHMENTS'"]),
        new(
            "temp-mail-cjk-comments.toml",
            [],
            [$"WSK111@8 {D1} 'TEMP_MAIL_DB'", $"WSK111@20 {Assets} 'ASSETS'", $"WSK111@25 {R2} 'MAIL_EML'"]),
        new("feed-proxy-inline-assets.toml", [], ["WSK111@17 Browser Rendering binding 'BROWSER'", $"WSK111@21 {Kv} 'CACHE'"]),
        new(
            "bindings-many-kinds.toml",
            ["Hyperdrive: WorkerSockets.Hyperdrive"],
            [
                "WSK111@6 service binding 'AUTH'", "WSK111@11 service binding 'BILLING'", "WSK111@18 dispatch namespace binding 'DISPATCHER'",
                "WSK111@23 mTLS certificate binding 'CLIENT_CERT'", "WSK111@27 send_email binding 'SEND_EMAIL'", "WSK111@31 send_email binding 'NOTIFY'",
                "WSK111@35 Analytics Engine dataset binding 'EVENTS'", "WSK111@39 Vectorize index binding 'VECTORIZE'", "WSK111@43 Workers AI binding 'AI'",
                "WSK111@46 version metadata binding 'CF_VERSION_METADATA'", "WSK111@49 Images binding 'IMAGES'",
            ]),
        new(
            "rate-limits.toml",
            [],
            [$"WSK111@6 {D1} 'DB'", "WSK111@15 unsafe ratelimit binding 'RATE_LIMITER' (unsafe)", "WSK111@22 rate limiter binding 'LOGIN_LIMITER' (ratelimits)"]),
        new(
            "service-worker-blobs.toml",
            [],
            [
                "WSK111@7 WebAssembly module binding 'WASM_MODULE_ONE'", "WSK111@10 text blob binding 'TEXT_BLOB_ONE'", "WSK111@13 data blob binding 'DATA_BLOB_ONE'",
                "WSK111@17 log forwarder binding 'httplogs'",
            ]),
        new(
            "queues-full.toml",
            ["BatchLabel: string"],
            ["WSK111@6 queue producer binding 'INGEST_QUEUE'", "WSK111@11 queue producer binding 'DLQ'"]),
        new(
            "d1-r2-details.toml",
            [],
            [$"WSK111@6 {D1} 'DB'", $"WSK111@14 {R2} 'EU_BUCKET'", $"WSK111@20 {R2} 'PUBLIC_BUCKET'"]),
        new(
            "missing-binding-name.toml",
            [],
            ["WSK111@5 this KV namespace entry (kv_namespaces) has no binding = \"NAME\"", $"WSK111@9 {R2} 'UPLOADS'"]),
        new(
            "var-names-unusual.toml",
            ["EnvVar: string", "ApiUrl: string", "NextPublicSiteUrl: string", "XApiVersion: string", "InternalFlag: string"],
            []),
    ];

    public static TheoryData<Case> Cases() => new(All);

    [Fact]
    public void Every_file_in_the_folder_has_a_case()
    {
        var files = Directory.GetFiles(Folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(files, All.Select(c => c.File).Order(StringComparer.Ordinal));
        Assert.True(files.Count >= 40);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_binding_is_a_typed_member_or_a_specific_diagnostic_and_the_output_builds_without_warnings(Case expected)
    {
        var run = await ConfigRun.RunAsync("/p/wrangler" + Path.GetExtension(expected.File), File.ReadAllText(Path.Combine(Folder, expected.File)));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        Assert.Equal(expected.Members.Where(m => !m.Split(':')[0].Contains('.')).Order(StringComparer.Ordinal), run.Members.Select(m => $"{m.Key}: {m.Value}").Order(StringComparer.Ordinal));
        foreach (var member in expected.Members.Where(m => m.Split(':')[0].Contains('.')))
        {
            Assert.Equal(member, NestedMember(run, member.Split(':')[0]));
        }

        Assert.Equal(expected.Diagnostics.Length, run.BindingDiagnostics.Length);
        foreach (var (want, got) in expected.Diagnostics.Zip(run.BindingDiagnostics))
        {
            var at = want.IndexOf(' ');
            var (id, line) = (want[..want.IndexOf('@')], int.Parse(want[(want.IndexOf('@') + 1)..at], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((id, line), (got.Id, got.Location.GetLineSpan().StartLinePosition.Line + 1));
            Assert.EndsWith("wrangler" + Path.GetExtension(expected.File), got.Location.GetLineSpan().Path, StringComparison.Ordinal);
            Assert.Contains(want[(at + 1)..], got.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

            // Kinds this package does not implement are notes, so the newcomer's first build stays clean.
            Assert.Equal(id == "WSK111" ? DiagnosticSeverity.Info : DiagnosticSeverity.Error, got.Severity);
        }
    }

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "RealWorldConfigs");

    /// <summary>"Record.Member: type" for a member of a generated record nested anywhere inside Env.</summary>
    private static string NestedMember(ConfigRun run, string path)
    {
        var (record, member) = (path[..path.IndexOf('.')], path[(path.IndexOf('.') + 1)..]);
        var property = run.Output.GetSymbolsWithName(member, SymbolFilter.Member).OfType<IPropertySymbol>().FirstOrDefault(p => p.ContainingType.Name == record);
        return property is null ? $"{path}: (missing)" : $"{path}: {property.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}";
    }
}
