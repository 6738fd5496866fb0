namespace WorkerSockets.Hosting.DevVars;

/// <summary>
/// Which local secrets files <c>wrangler dev</c> (4.x) reads, next to the wrangler config ("Local development with
/// secrets" in Cloudflare's docs):
/// <list type="number">
/// <item><c>.dev.vars.&lt;env&gt;</c> when an environment is selected and the file exists — alone;</item>
/// <item>else <c>.dev.vars</c> when it exists — alone;</item>
/// <item>else every one of <c>.env</c>, <c>.env.&lt;env&gt;</c>, <c>.env.local</c>, <c>.env.&lt;env&gt;.local</c> that
/// exists, merged, the more specific winning (in that order) — unless
/// <c>CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV</c> is <c>false</c>; <c>--env-file PATH</c>s, when given, are read instead
/// of those four, in their order.</item>
/// </list>
/// </summary>
internal static partial class LocalSecretsFiles
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*) \((?:var|secret)\): missing")]
    private static partial System.Text.RegularExpressions.Regex MissingValue();

    /// <summary>The environment variable with which wrangler turns <c>.env</c> reading off.</summary>
    public const string LoadFromDotEnvVariable = "CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV";

    /// <summary>The files to read, least specific first (a later file's values win); empty when none exists.</summary>
    /// <param name="directory">The folder of the wrangler config.</param>
    /// <param name="environment">The selected wrangler environment; null for the top level.</param>
    /// <param name="envFiles"><c>--env-file</c> paths (relative to the current directory); empty for the default <c>.env</c> files.</param>
    /// <exception cref="LocalDev.DevServerException">An <c>--env-file</c> names no file.</exception>
    public static IReadOnlyList<string> Choose(string directory, string? environment, IReadOnlyList<string>? envFiles = null)
    {
        var devVars = Path.Combine(directory, ".dev.vars");
        if (environment is not null && File.Exists($"{devVars}.{environment}"))
            return [$"{devVars}.{environment}"];
        if (File.Exists(devVars))
            return [devVars];
        if (string.Equals(Environment.GetEnvironmentVariable(LoadFromDotEnvVariable), "false", StringComparison.OrdinalIgnoreCase))
            return [];

        if (envFiles is { Count: > 0 })
        {
            var paths = envFiles.Select(Path.GetFullPath).ToArray();
            return Array.Find(paths, p => !File.Exists(p)) is { } missing
                ? throw new LocalDev.DevServerException($"--env-file {missing}: no such file")
                : paths;
        }

        var dotEnv = Path.Combine(directory, ".env");
        string[] candidates = environment is null
            ? [dotEnv, $"{dotEnv}.local"]
            : [dotEnv, $"{dotEnv}.{environment}", $"{dotEnv}.local", $"{dotEnv}.{environment}.local"];
        return candidates.Where(File.Exists).ToArray();
    }

    /// <summary>
    /// For the missing-binding error: the lines to add, and the file, for each var or secret reported missing (never a
    /// value), as <c>wrangler dev</c> points at <c>.dev.vars</c>; the file in effect, else <c>.dev.vars</c> next to the config.
    /// </summary>
    /// <param name="problems">The problems <c>Bind</c> reported, <c>NAME (kind): problem</c>.</param>
    /// <param name="directory">The folder of the wrangler config.</param>
    /// <param name="read">The local secrets files read.</param>
    public static string HowToAdd(IEnumerable<string> problems, string directory, IReadOnlyList<string> read)
    {
        var missing = problems
            .Select(p => MissingValue().Match(p))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value}=...")
            .ToArray();
        var file = read.Count > 0 ? read[^1] : Path.Combine(directory, ".dev.vars");
        return missing.Length == 0 ? "" : $"; to set {(missing.Length == 1 ? "it" : "them")} locally, add {string.Join(" and ", missing.Select(m => $"'{m}'"))} to {file}";
    }

    /// <summary>Where local secrets were looked for, when no file was found, for the start-up line and error messages.</summary>
    public static string DescribeMissing(string directory, string? environment) =>
        Path.Combine(directory, ".dev.vars") + (environment is null
            ? " (not found; nor any .env file)"
            : $" (not found; nor .dev.vars.{environment} or any .env file)");
}
