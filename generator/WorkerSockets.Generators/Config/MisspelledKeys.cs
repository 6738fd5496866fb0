using System;
using System.Collections.Generic;
using System.Linq;
using WorkerSockets.Generators.Diagnostics;
using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Config;

/// <summary>
/// WSK112: a key that wrangler does not read but that is one slip away from a binding key (<c>[var]</c> for
/// <c>[vars]</c>, <c>[[hyperdrives]]</c>, <c>bindng</c>, <c>localconnectionstring</c>). Its bindings would silently
/// vanish: no property, or a default that is never used. Only near misses are reported, never keys this package merely
/// does not know, so a real config with newer wrangler keys stays quiet (wrangler itself warns on every unknown field).
/// </summary>
internal static class MisspelledKeys
{
    /// <summary>The keys of a place (top level or <c>[env.&lt;name&gt;]</c>) this package reads.</summary>
    private static readonly string[] s_readKeys = { "vars", "hyperdrive", "secrets", "env" };

    /// <summary>
    /// wrangler's other top-level and environment keys (config-schema.json) that declare no binding: never reported,
    /// even when one is close to a binding key.
    /// </summary>
    private static readonly HashSet<string> s_otherWranglerKeys = new(StringComparer.Ordinal)
    {
        "$schema", "name", "main", "account_id", "compatibility_date", "compatibility_flags", "workers_dev", "preview_urls",
        "route", "routes", "tsconfig", "jsx_factory", "jsx_fragment", "triggers", "usage_model", "node_compat", "rules",
        "build", "no_bundle", "minify", "keep_names", "first_party_worker", "logpush", "upload_source_maps", "placement",
        "limits", "find_additional_modules", "base_dir", "preserve_file_names", "legacy_env", "send_metrics", "keep_vars",
        "site", "dev", "migrations", "observability", "compliance_region", "pages_build_output_dir", "alias", "define",
        "python_modules", "tail_consumers", "streaming_tail_consumers", "containers", "cloudchamber", "previews",
        "zone_id", "topLevelName", "configPath", "userConfigPath", "exports", "keep_secrets",
    };

    private static readonly string[] s_hyperdriveKeys = { "binding", "id", "localConnectionString" };

    private static readonly string[] s_placeKeys = s_readKeys.Concat(UnsupportedBindings.Keys).ToArray();

    /// <summary>The binding key a key of a place (top level or environment) is a slip from, or null (a real key, or no slip).</summary>
    public static string? Meant(string key) =>
        Array.IndexOf(s_placeKeys, key) >= 0 || s_otherWranglerKeys.Contains(key) ? null : NearMiss(key, s_placeKeys);

    /// <summary>Reports the keys of one place that look like a misspelt binding key.</summary>
    public static void ReportPlace(ConfigNode place, string? environment, ConfigWording wording, List<ConfigProblem> problems)
    {
        foreach (var member in place.Members)
        {
            var key = member.Key;
            if (environment is not null && key == "env")
            {
                continue;
            }

            if (Meant(key) is { } meant)
            {
                var where = environment is null ? "" : $" in {wording.Environment(environment)}";
                problems.Add(new ConfigProblem(
                    RuleIdentifiers.MisspelledConfigKey,
                    $"'{key}'{where} is not a key wrangler reads, so everything under it is ignored; did you mean '{meant}' ({wording.Place(meant)})?",
                    member.Value.Line,
                    member.Value.Column));
            }
        }
    }

    /// <summary>Reports the keys of one <c>[[hyperdrive]]</c> entry that look like a misspelt <c>binding</c>, <c>id</c> or <c>localConnectionString</c>.</summary>
    public static void ReportHyperdriveEntry(ConfigNode entry, List<ConfigProblem> problems)
    {
        foreach (var member in entry.Members)
        {
            if (Array.IndexOf(s_hyperdriveKeys, member.Key) < 0 && NearMiss(member.Key, s_hyperdriveKeys) is { } meant)
            {
                problems.Add(new ConfigProblem(
                    RuleIdentifiers.MisspelledConfigKey,
                    $"'{member.Key}' is not a key of a hyperdrive entry, so it is ignored; did you mean '{meant}'?",
                    member.Value.Line,
                    member.Value.Column));
            }
        }
    }

    /// <summary>
    /// The target <paramref name="key"/> is a slip away from: the same but for case or '-' for '_', else within one edit
    /// (two for names of eight letters or more); names of three letters or fewer must match but for case.
    /// </summary>
    public static string? NearMiss(string key, IEnumerable<string> targets)
    {
        var normalized = key.Replace('-', '_').ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var target in targets)
        {
            var lower = target.ToLowerInvariant();
            var allowed = lower.Length <= 3 ? 0 : lower.Length < 8 ? 1 : 2;
            var distance = Distance(normalized, lower);
            if (distance <= allowed && distance < bestDistance)
            {
                best = target;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions: "vras" is one slip from "vars").</summary>
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2)
        {
            return int.MaxValue;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
