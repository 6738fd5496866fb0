using System.Globalization;

namespace WorkerSockets.Hosting;

/// <summary>
/// The dev server's own command-line options (<c>--port N</c>, <c>--env NAME</c>, <c>--help</c>, also as
/// <c>--option=value</c>), split from the rest, which go to ASP.NET Core's configuration.
/// </summary>
internal sealed record DevServerArguments(int Port, string[] Remaining, string? Environment = null, bool Help = false)
{
    public const int DefaultPort = 8787;

    /// <summary><c>--hyperdrive-port N</c>: also serve the Hyperdrive pools to PostgreSQL clients on loopback, from port N.</summary>
    public int? HyperdrivePort { get; init; }

    /// <summary>The <c>--help</c> text.</summary>
    public static string Usage(string program) => $"""
        Usage: {program} [--port N] [--env NAME] [--KEY value ...]

        Runs the worker on http://127.0.0.1:{DefaultPort}, as `wrangler dev` does, in the Development environment.

        Options:
          --port N      Listen on port N instead of {DefaultPort} (0 picks a free port).
          --hyperdrive-port N
                        Also serve each Hyperdrive binding's pool to PostgreSQL clients (psql, pgbench) on loopback,
                        from port N (0 picks free ports).
          --env NAME    Use the bindings of [env.NAME] in the wrangler config. Without it, CLOUDFLARE_ENV chooses;
                        without that, the host environment's name does when the config declares an environment of
                        that name (ignoring case); otherwise the top level applies.
          --KEY value   Sets binding KEY (command-line values win over environment variables, .dev.vars and
                        appsettings.json).
          -h, --help    Shows this text.

        Bindings also come from .dev.vars next to the project's wrangler config, user secrets, appsettings.json and
        environment variables. ASP.NET Core options (--environment, --contentRoot, ...) work as usual.
        """;

    /// <exception cref="ArgumentException">An option has no value or a bad one; the message says which and why.</exception>
    public static DevServerArguments Parse(string[] args)
    {
        var port = DefaultPort;
        string? environment = null;
        var help = false;
        int? hyperdrivePort = null;
        var remaining = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                help = true;
            }
            else if (TryTake(args, ref i, "--port", out var value))
            {
                port = ParsePort(value ?? throw new ArgumentException("--port needs a value: a TCP port, 0 for any free one.", nameof(args)));
            }
            else if (TryTake(args, ref i, "--env", out value))
            {
                environment = value is { Length: > 0 } ? value : throw new ArgumentException("--env needs a value: the name of an [env.<name>] in the wrangler config.", nameof(args));
            }
            else if (TryTake(args, ref i, "--hyperdrive-port", out value))
            {
                hyperdrivePort = ParsePort(value ?? throw new ArgumentException("--hyperdrive-port needs a value: a TCP port, 0 for any free one.", nameof(args)), "--hyperdrive-port");
            }
            else
            {
                remaining.Add(arg);
            }
        }

        return new DevServerArguments(port, [.. remaining], environment, help) { HyperdrivePort = hyperdrivePort };
    }

    /// <summary>Matches <c>--name value</c> or <c>--name=value</c>; <paramref name="value"/> is null when the value is missing.</summary>
    private static bool TryTake(string[] args, ref int i, string name, out string? value)
    {
        value = null;
        if (args[i] == name)
        {
            value = i + 1 < args.Length ? args[++i] : null;
            return true;
        }

        if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
        {
            value = args[i][(name.Length + 1)..];
            return true;
        }

        return false;
    }

    private static int ParsePort(string value, string option = "--port")
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"{option} {value}: not a TCP port (0 to 65535; 0 picks a free one).", "args");
}
