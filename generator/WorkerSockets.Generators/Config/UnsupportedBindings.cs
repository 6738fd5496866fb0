using System;
using System.Collections.Generic;
using WorkerSockets.Generators.Diagnostics;
using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Config;

/// <summary>
/// Binding kinds wrangler knows and this package does not implement: each binding is reported (WSK111, info) at its
/// position, so none vanishes without a word. The table follows wrangler's config schema (config-schema.json).
/// </summary>
internal static class UnsupportedBindings
{
    /// <summary>How a config key holds its bindings.</summary>
    private enum Layout
    {
        /// <summary><c>[[key]]</c>: an array of tables, one binding each.</summary>
        List,

        /// <summary><c>[key]</c>: one table that is one binding.</summary>
        Single,

        /// <summary><c>[[key.bindings]]</c> / <c>[[key.producers]]</c>: the array sits one level down.</summary>
        Nested,

        /// <summary><c>[key]</c> whose keys are the binding names (service-worker <c>wasm_modules</c> and blobs).</summary>
        Map,
    }

    /// <summary>A binding kind: its key, how wrangler names it, where its bindings sit, and the field naming each one.</summary>
    private sealed record BindingKindInfo(string Key, string Kind, Layout Layout, string NameField = "binding", string? NestedKey = null, bool NameOptional = false);

    private static readonly BindingKindInfo[] s_kinds =
    {
        new("kv_namespaces", "KV namespace", Layout.List),
        new("d1_databases", "D1 database", Layout.List),
        new("r2_buckets", "R2 bucket", Layout.List),
        new("durable_objects", "Durable Object namespace", Layout.Nested, "name", "bindings"),
        new("services", "service", Layout.List),
        new("queues", "queue producer", Layout.Nested, NestedKey: "producers"),
        new("analytics_engine_datasets", "Analytics Engine dataset", Layout.List),
        new("vectorize", "Vectorize index", Layout.List),
        new("ai", "Workers AI", Layout.Single),
        new("ai_search", "AI Search instance", Layout.List),
        new("ai_search_namespaces", "AI Search namespace", Layout.List),
        new("browser", "Browser Rendering", Layout.Single),
        new("images", "Images", Layout.Single),
        new("media", "Media Transformations", Layout.Single),
        new("stream", "Stream", Layout.Single),
        new("version_metadata", "version metadata", Layout.Single),
        new("dispatch_namespaces", "dispatch namespace", Layout.List),
        new("mtls_certificates", "mTLS certificate", Layout.List),
        new("send_email", "send_email", Layout.List, "name"),
        new("workflows", "Workflow", Layout.List),
        new("pipelines", "Pipeline", Layout.List),
        new("secrets_store_secrets", "Secrets Store secret", Layout.List),
        new("ratelimits", "rate limiter", Layout.List, "name"),
        new("worker_loaders", "Worker Loader", Layout.List),
        new("vpc_services", "VPC service", Layout.List),
        new("vpc_networks", "VPC network", Layout.List),
        new("artifacts", "Artifacts", Layout.List),
        new("flagship", "Flagship", Layout.List),
        new("unsafe_hello_world", "hello-world", Layout.List),
        new("unsafe", "unsafe", Layout.Nested, "name", "bindings"),
        new("logfwdr", "log forwarder", Layout.Nested, "name", "bindings"),
        new("wasm_modules", "WebAssembly module", Layout.Map),
        new("text_blobs", "text blob", Layout.Map),
        new("data_blobs", "data blob", Layout.Map),

        // A worker with assets but no binding name simply has no ASSETS binding.
        new("assets", "static assets", Layout.Single, NameOptional: true),
    };

    /// <summary>Keys that are read elsewhere or declare no bindings; any other key holding <c>binding = "..."</c> entries is a newer kind.</summary>
    private static readonly HashSet<string> s_otherKeys = new(StringComparer.Ordinal)
    {
        "vars", "hyperdrive", "secrets", "env", "tail_consumers", "streaming_tail_consumers", "containers", "migrations",
        "routes", "route", "triggers", "rules", "observability", "placement", "limits", "build", "dev", "site", "previews",
        "cloudchamber", "define", "alias", "python_modules",
    };

    /// <summary>Every binding key in the table.</summary>
    public static IEnumerable<string> Keys
    {
        get
        {
            foreach (var kind in s_kinds)
            {
                yield return kind.Key;
            }
        }
    }

    /// <summary>Whether the key holds an array of binding tables (<c>[[kv_namespaces]]</c>).</summary>
    public static bool IsList(string key) => Array.Exists(s_kinds, k => k.Key == key && k.Layout == Layout.List);

    public static void Report(ConfigNode place, ConfigWording wording, List<ConfigProblem> problems)
    {
        foreach (var kind in s_kinds)
        {
            if (place.Get(kind.Key) is { } node)
            {
                ReportKind(node, kind, wording, problems);
            }
        }

        ReportUnknownKinds(place, problems);
    }

    private static void ReportKind(ConfigNode node, BindingKindInfo kind, ConfigWording wording, List<ConfigProblem> problems)
    {
        switch (kind.Layout)
        {
            case Layout.Map when node.Kind == ConfigNodeKind.Table:
                foreach (var member in node.Members)
                {
                    problems.Add(NotImplemented(kind.Kind, member.Key, kind.Key, member.Value));
                }

                return;
            case Layout.Nested when node.Kind == ConfigNodeKind.Table:
                if (node.Get(kind.NestedKey!) is { Kind: ConfigNodeKind.Array } nested)
                {
                    ReportEntries(nested, kind, $"{kind.Key}.{kind.NestedKey}", wording, problems);
                }

                return;
            case Layout.Single when node.Kind == ConfigNodeKind.Table:
                ReportOne(node, kind, kind.Key, wording, problems);
                return;
            default:
                // A list written as one table ([kv_namespaces] instead of [[kv_namespaces]]) still names its binding.
                ReportEntries(node, kind, kind.Key, wording, problems);
                return;
        }
    }

    private static void ReportEntries(ConfigNode node, BindingKindInfo kind, string key, ConfigWording wording, List<ConfigProblem> problems)
    {
        if (node.Kind == ConfigNodeKind.Table)
        {
            ReportOne(node, kind, key, wording, problems);
            return;
        }

        if (node.Kind == ConfigNodeKind.Array)
        {
            foreach (var item in node.Items)
            {
                ReportOne(item, kind, key, wording, problems);
            }
        }
    }

    private static void ReportOne(ConfigNode entry, BindingKindInfo kind, string key, ConfigWording wording, List<ConfigProblem> problems)
    {
        if (entry.Kind != ConfigNodeKind.Table)
        {
            return;
        }

        var name = entry.Get(kind.NameField);
        if (name is { Kind: ConfigNodeKind.String })
        {
            // unsafe.bindings say what they are in 'type' (ratelimit, service, ...); naming it helps more than "unsafe".
            var kindText = entry.Get("type") is { Kind: ConfigNodeKind.String } type && kind.Layout == Layout.Nested && kind.Key == "unsafe"
                ? $"unsafe {type.Text}"
                : kind.Kind;
            problems.Add(NotImplemented(kindText, name.Text, kind.Key, name));
        }
        else if (!kind.NameOptional)
        {
            // wrangler rejects such an entry; say so here rather than let the binding vanish.
            problems.Add(new ConfigProblem(
                RuleIdentifiers.UnsupportedBindingKind,
                $"this {kind.Kind} entry ({key}) has no {wording.Field(kind.NameField, "NAME")}, which wrangler requires; it declares no binding{MisspeltName(entry, kind.NameField)}",
                entry.Line,
                entry.Column));
        }
    }

    /// <summary>A hint when the entry has a key one slip from its name field (<c>bindng</c>).</summary>
    internal static string MisspeltName(ConfigNode entry, string nameField)
    {
        foreach (var member in entry.Members)
        {
            if (member.Key != nameField && MisspelledKeys.NearMiss(member.Key, new[] { nameField }) is not null)
            {
                return $" ('{member.Key}' is not read: did you mean '{nameField}'?)";
            }
        }

        return "";
    }

    /// <summary>A key wrangler added after this table was written: any entry with <c>binding = "NAME"</c> is a binding all the same.</summary>
    private static void ReportUnknownKinds(ConfigNode place, List<ConfigProblem> problems)
    {
        foreach (var member in place.Members)
        {
            // A slip of a known key ([[hyperdrives]]) is WSK112's, not a kind newer than this package.
            if (s_otherKeys.Contains(member.Key) || Array.Exists(s_kinds, k => k.Key == member.Key) || MisspelledKeys.Meant(member.Key) is not null)
            {
                continue;
            }

            var entries = member.Value.Kind == ConfigNodeKind.Array ? member.Value.Items : new List<ConfigNode> { member.Value };
            foreach (var entry in entries)
            {
                if (entry.Kind == ConfigNodeKind.Table && entry.Get("binding") is { Kind: ConfigNodeKind.String } name)
                {
                    problems.Add(new ConfigProblem(
                        RuleIdentifiers.UnsupportedBindingKind,
                        $"binding '{name.Text}' ({member.Key}) is of a kind this version of WorkerSockets does not know, so the [WorkerEnv] class gets no property for it",
                        name.Line,
                        name.Column));
                }
            }
        }
    }

    private static ConfigProblem NotImplemented(string kind, string name, string key, ConfigNode at) =>
        new(
            RuleIdentifiers.UnsupportedBindingKind,
            $"{kind} binding '{name}' ({key}) is not implemented by WorkerSockets, so the [WorkerEnv] class gets no property for it",
            at.Line,
            at.Column);
}
