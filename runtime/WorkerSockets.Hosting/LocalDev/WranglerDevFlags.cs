namespace WorkerSockets.Hosting.LocalDev;

/// <summary>
/// The <c>wrangler dev</c> flags the dev server does not have. Without this table they would fall through to ASP.NET
/// Core's configuration as silent keys; instead each one gets a one-line note (it is ignored, and why) or, when running
/// without it would mislead (<c>--remote</c>), a start-up error.
/// </summary>
internal static class WranglerDevFlags
{
    /// <summary>A wrangler flag: whether it takes a value, whether it is an error, and why it does not apply.</summary>
    private sealed record Flag(string Name, bool TakesValue, bool IsError, string Reason);

    private const string NoBundling = "there is nothing to bundle: dotnet builds the worker";

    private static readonly Flag[] Flags =
    [
        new("--remote", false, true, "WorkerSockets runs the worker locally only; deploy with wrangler to run it on Cloudflare"),
        new("--config", true, true, "the bindings are compiled from the project's wrangler config (wrangler.json, wrangler.jsonc or wrangler.toml next to the project file); run the project whose config you want"),
        new("--local", false, false, "the worker always runs locally"),
        new("--persist-to", true, false, "WorkerSockets simulates no KV, D1, R2 or Durable Object storage, so there is nothing to persist"),
        new("--live-reload", false, false, "run under `dotnet watch` to rebuild and restart on changes"),
        new("--inspector-port", true, false, "there is no JavaScript inspector; attach a .NET debugger to the process instead"),
        new("--inspect", false, false, "there is no JavaScript inspector; attach a .NET debugger to the process instead"),
        new("--test-scheduled", false, false, "WorkerSockets hosts fetch and connect handlers only; there is no /__scheduled route"),
        new("--compatibility-date", true, false, "there is no workerd runtime to version; .NET workers have no compatibility date"),
        new("--compatibility-flags", true, false, "there is no workerd runtime; compatibility flags do not apply"),
        new("--compatibility-flag", true, false, "there is no workerd runtime; compatibility flags do not apply"),
        new("--latest", false, false, "there is no workerd runtime to version"),
        new("--name", true, false, "the worker's name does not matter locally"),
        new("--assets", true, false, "static assets are not served; map them in an ASP.NET Core app with app.UseStaticFiles()"),
        new("--site", true, false, "Workers Sites are not served"),
        new("--bundle", false, false, NoBundling),
        new("--no-bundle", false, false, NoBundling),
        new("--minify", false, false, NoBundling),
        new("--define", true, false, NoBundling + "; pass values with --var KEY:VALUE"),
        new("--alias", true, false, NoBundling),
        new("--tsconfig", true, false, NoBundling),
        new("--jsx-factory", true, false, NoBundling),
        new("--jsx-fragment", true, false, NoBundling),
        new("--node-compat", false, false, "there is no JavaScript runtime; .NET libraries are used directly"),
        new("--routes", true, false, "every request to the listening address reaches the worker"),
        new("--route", true, false, "every request to the listening address reaches the worker"),
        new("--host", true, false, "the worker sees each request as the client sent it"),
        new("--local-upstream", true, false, "the worker sees each request as the client sent it"),
        new("--upstream-protocol", true, false, "the worker sees each request as the client sent it"),
        new("--enable-containers", false, false, "containers are not run"),
        new("--container-engine", true, false, "containers are not run"),
        new("--show-interactive-dev-session", false, false, "there is no interactive session; stop the server with Ctrl+C"),
        new("--legacy-env", false, false, "environments are always [env.<name>] sections of the one config"),
    ];

    /// <summary>wrangler's one-letter aliases of these flags.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal) { ["-r"] = "--remote", ["-c"] = "--config", ["-l"] = "--local" };

    /// <summary>
    /// Recognises a wrangler flag the dev server does not have at <paramref name="args"/>[<paramref name="i"/>] and skips
    /// its value; returns the note to print, or throws when the flag cannot be honoured. Returns false for anything else.
    /// </summary>
    /// <exception cref="DevServerException">The flag changes what runs (<c>--remote</c>, <c>--config</c>).</exception>
    public static bool TryTake(string[] args, ref int i, out string? note)
    {
        note = null;
        var arg = args[i];
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        var name = equals > 0 ? arg[..equals] : arg;
        var canonical = Aliases.TryGetValue(name, out var full) ? full : name;
        var flag = Array.Find(Flags, f => f.Name == canonical);
        if (full is not null)
            name = $"{name} ({full})";
        if (flag is null)
        {
            // wrangler's experimental flags come and go; none of them applies here.
            if (!name.StartsWith("--experimental-", StringComparison.Ordinal) && !name.StartsWith("--x-", StringComparison.Ordinal))
                return false;
            flag = new Flag(name, false, false, "experimental wrangler flags do not apply");
        }

        var value = equals > 0 ? arg[(equals + 1)..] : null;
        if (value is null && i + 1 < args.Length && (flag.TakesValue ? !args[i + 1].StartsWith('-') : args[i + 1] is "true" or "false"))
            value = args[++i];

        // `--remote false` asks for what happens anyway.
        if (!flag.TakesValue && value is "false")
            return true;
        var message = $"{name} is not supported: {flag.Reason}";
        if (flag.IsError)
            throw new DevServerException(message);
        note = $"note: {name} is ignored: {flag.Reason}";
        return true;
    }

    /// <summary>The flags, for <c>--help</c>: comma-separated, wrapped at about 100 columns, continuation lines indented by two.</summary>
    public static string Names
    {
        get
        {
            var lines = new List<string> { "" };
            foreach (var name in Flags.Select(f => f.Name))
            {
                if (lines[^1].Length + name.Length > 100)
                    lines.Add("");
                lines[^1] += name + ", ";
            }

            return string.Join(Environment.NewLine + "  ", lines.Select(l => l.TrimEnd()))[..^1];
        }
    }
}
