using System.Collections.Generic;
using WorkerSockets.Generators.Diagnostics;
using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Config;

/// <summary>
/// Binding kinds wrangler knows and this package does not implement: each binding is reported (WSK111, info) at its
/// position, so none vanishes without a word.
/// </summary>
internal static class UnsupportedBindings
{
    /// <summary>The config keys that declare bindings WorkerSockets has no type for, and how wrangler names the kind.</summary>
    private static readonly (string Key, string Kind)[] s_kinds =
    {
        ("kv_namespaces", "KV namespace"),
        ("d1_databases", "D1 database"),
        ("r2_buckets", "R2 bucket"),
        ("durable_objects", "Durable Object namespace"),
        ("services", "service"),
        ("queues", "queue producer"),
        ("analytics_engine_datasets", "Analytics Engine dataset"),
        ("vectorize", "Vectorize index"),
        ("ai", "Workers AI"),
        ("browser", "Browser Rendering"),
        ("dispatch_namespaces", "dispatch namespace"),
        ("mtls_certificates", "mTLS certificate"),
        ("send_email", "send_email"),
        ("workflows", "Workflow"),
        ("version_metadata", "version metadata"),
        ("images", "Images"),
        ("assets", "static assets"),
        ("pipelines", "Pipeline"),
        ("secrets_store_secrets", "Secrets Store secret"),
        ("ratelimits", "rate limiter"),
        ("logfwdr", "log forwarder"),
    };

    public static void Report(ConfigNode place, List<ConfigProblem> problems)
    {
        foreach (var (key, kind) in s_kinds)
        {
            if (place.Get(key) is { } node)
            {
                ReportEntries(node, key, kind, problems);
            }
        }
    }

    private static void ReportEntries(ConfigNode node, string key, string kind, List<ConfigProblem> problems)
    {
        if (node.Kind == ConfigNodeKind.Array)
        {
            foreach (var item in node.Items)
            {
                ReportOne(item, key, kind, problems);
            }

            return;
        }

        if (node.Kind != ConfigNodeKind.Table)
        {
            return;
        }

        // durable_objects.bindings = [...] and queues.producers = [...] hold the bindings one level down.
        var nested = node.Get("bindings") ?? node.Get("producers");
        if (nested is { Kind: ConfigNodeKind.Array })
        {
            foreach (var item in nested.Items)
            {
                ReportOne(item, key, kind, problems);
            }

            return;
        }

        ReportOne(node, key, kind, problems);
    }

    private static void ReportOne(ConfigNode entry, string key, string kind, List<ConfigProblem> problems)
    {
        if (entry.Kind != ConfigNodeKind.Table)
        {
            return;
        }

        var name = entry.Get("binding") ?? entry.Get("name");
        if (name is not { Kind: ConfigNodeKind.String })
        {
            return;
        }

        problems.Add(new ConfigProblem(
            RuleIdentifiers.UnsupportedBindingKind,
            $"{kind} binding '{name.Text}' ({key}) is not implemented by WorkerSockets, so the [WorkerEnv] class gets no property for it",
            name.Line,
            name.Column));
    }
}
