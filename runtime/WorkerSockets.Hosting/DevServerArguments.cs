using System.Globalization;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.LocalDev;

namespace WorkerSockets.Hosting;

/// <summary>
/// The dev server's own command-line options (<c>--port N</c>, <c>--ip ADDRESS</c>, <c>--env NAME</c>,
/// <c>--var KEY:VALUE</c>, <c>--local-protocol</c>, <c>--log-level</c>, <c>--hyperdrive-port N</c>, <c>--help</c>, also as
/// <c>--option=value</c>), split from the rest, which go to ASP.NET Core's configuration. <c>wrangler dev</c> flags the
/// server does not have are taken out too, each with a note (or an error when ignoring it would mislead).
/// </summary>
internal sealed partial record DevServerArguments(int? Port, string[] Remaining, string? Environment = null, bool Help = false)
{
    public const int DefaultPort = 8787;

    /// <summary><c>--hyperdrive-port N</c>: also serve the Hyperdrive pools to PostgreSQL clients on loopback, from port N.</summary>
    public int? HyperdrivePort { get; init; }

    /// <summary><c>--ip ADDRESS</c>: where to listen; null when not given (the config's <c>[dev] ip</c>, else 127.0.0.1).</summary>
    public string? Ip { get; init; }

    /// <summary><c>--local-protocol</c>: <c>http</c> (the only one served) or <c>https</c> (an error at start-up).</summary>
    public string? LocalProtocol { get; init; }

    /// <summary><c>--var KEY:VALUE</c> pairs, in order (a later one wins); they win over every other binding source.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Vars { get; init; } = [];

    /// <summary><c>--https-cert-path</c>: a PEM certificate for <c>local_protocol https</c> (Kestrel's default certificate).</summary>
    public string? HttpsCertPath { get; init; }

    /// <summary><c>--https-key-path</c>: the PEM private key of <see cref="HttpsCertPath"/>.</summary>
    public string? HttpsKeyPath { get; init; }

    /// <summary><c>--log-level</c> as a .NET level; null when not given.</summary>
    public LogLevel? LogLevel { get; init; }

    /// <summary><c>--env-file PATH</c>s, in order (a later file wins): read instead of the default <c>.env</c> files when there is no <c>.dev.vars</c>.</summary>
    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    /// <summary>One line for each wrangler flag or argument that was ignored, saying why.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <exception cref="ArgumentException">An option has no value or a bad one; the message says which and why.</exception>
    /// <exception cref="DevServerException">A wrangler flag that cannot be honoured (<c>--remote</c>, <c>--config</c>).</exception>
    public static DevServerArguments Parse(string[] args)
    {
        int? port = null;
        string? environment = null, ip = null, protocol = null, certPath = null, keyPath = null;
        var help = false;
        int? hyperdrivePort = null;
        LogLevel? logLevel = null;
        var vars = new List<KeyValuePair<string, string?>>();
        var notes = new List<string>();
        var envFiles = new List<string>();
        var remaining = new List<string>(args.Length);
        var valueExpected = false;   // the last argument handed on was an ASP.NET Core "--key" awaiting its value
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (IsHelp(arg))
            {
                help = true;
            }
            else if (TryTake(args, ref i, "--port", out var value))
            {
                port = ParsePort(value ?? throw new ArgumentException("--port needs a value: a TCP port, 0 for any free one.", nameof(args)));
            }
            else if (TryTake(args, ref i, "--env", out value) || TryTake(args, ref i, "-e", out value))
            {
                environment = value is { Length: > 0 } ? value : throw new ArgumentException("--env needs a value: the name of an [env.<name>] in the wrangler config.", nameof(args));
            }
            else if (TryTake(args, ref i, "--ip", out value))
            {
                ip = value is { Length: > 0 } ? value : throw new ArgumentException("--ip needs a value: an IP address to listen on (127.0.0.1, localhost, or 0.0.0.0 / * for every interface).", nameof(args));
            }
            else if (arg == "--var" || arg.StartsWith("--var=", StringComparison.Ordinal))
            {
                TakeVars(args, ref i, arg == "--var" ? null : arg["--var=".Length..], vars);
            }
            else if (TryTake(args, ref i, "--local-protocol", out value))
            {
                protocol = value is "http" or "https" ? value : throw new ArgumentException($"--local-protocol {value}: expected http or https.", nameof(args));
            }
            else if (TryTake(args, ref i, "--https-cert-path", out value))
            {
                certPath = value ?? throw new ArgumentException("--https-cert-path needs a value: a PEM certificate file.", nameof(args));
            }
            else if (TryTake(args, ref i, "--https-key-path", out value))
            {
                keyPath = value ?? throw new ArgumentException("--https-key-path needs a value: the certificate's PEM private key file.", nameof(args));
            }
            else if (TryTake(args, ref i, "--log-level", out value))
            {
                logLevel = ParseLogLevel(value);
            }
            else if (TryTake(args, ref i, "--hyperdrive-port", out value))
            {
                hyperdrivePort = ParsePort(value ?? throw new ArgumentException("--hyperdrive-port needs a value: a TCP port, 0 for any free one.", nameof(args)), "--hyperdrive-port");
            }
            else if (TryTake(args, ref i, "--env-file", out value))
            {
                envFiles.Add(value is { Length: > 0 } ? value : throw new ArgumentException("--env-file needs a value: the path of a .env file.", nameof(args)));
            }
            else if (WranglerDevFlags.TryTake(args, ref i, out var note))
            {
                if (note is not null)
                    notes.Add(note);
            }
            else if (!valueExpected && IsPositional(arg))
            {
                // `wrangler dev src/index.ts` names the script; ASP.NET Core would drop it silently.
                notes.Add($"note: '{arg}' is ignored: the worker is the [Worker] class this app runs, not a script path");
            }
            else
            {
                valueExpected = !valueExpected && arg.Length > 0 && (arg[0] is '-' or '/') && !arg.Contains('=', StringComparison.Ordinal);
                remaining.Add(arg);
            }
        }

        return new DevServerArguments(port, [.. remaining], environment, help)
        {
            HyperdrivePort = hyperdrivePort,
            Ip = ip,
            LocalProtocol = protocol,
            Vars = vars,
            LogLevel = logLevel,
            Notes = notes,
            EnvFiles = envFiles,
            HttpsCertPath = certPath,
            HttpsKeyPath = keyPath,
        };
    }

    /// <summary>An argument ASP.NET Core's command line would ignore: neither an option nor <c>key=value</c>.</summary>
    private static bool IsPositional(string arg) => arg.Length > 0 && arg[0] is not ('-' or '/') && !arg.Contains('=', StringComparison.Ordinal);

    /// <summary>Whether the argument asks for the usage text.</summary>
    public static bool IsHelp(string arg) => arg is "--help" or "-h" or "-?";

    /// <summary>
    /// <c>--var KEY:VALUE</c> takes, as wrangler's array option does, every following argument that is not an option:
    /// <c>--var A:1 B:2</c>. The value is everything after the first colon.
    /// </summary>
    private static void TakeVars(string[] args, ref int i, string? first, List<KeyValuePair<string, string?>> vars)
    {
        var items = new List<string>();
        if (first is not null)
            items.Add(first);
        while (i + 1 < args.Length && !args[i + 1].StartsWith('-'))
            items.Add(args[++i]);
        if (items.Count == 0)
            throw new ArgumentException("--var needs a value: KEY:VALUE (repeatable, or several after one --var).", nameof(args));

        foreach (var item in items)
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                throw new ArgumentException($"--var {item}: expected KEY:VALUE (the value is everything after the first colon).", nameof(args));
            vars.Add(new(item[..colon], item[(colon + 1)..]));
        }
    }

    /// <summary>wrangler's levels (<c>debug</c>, <c>info</c>, <c>log</c>, <c>warn</c>, <c>error</c>, <c>none</c>) as .NET's.</summary>
    private static LogLevel ParseLogLevel(string? value) => value switch
    {
        "debug" => Microsoft.Extensions.Logging.LogLevel.Debug,
        "info" or "log" => Microsoft.Extensions.Logging.LogLevel.Information,
        "warn" => Microsoft.Extensions.Logging.LogLevel.Warning,
        "error" => Microsoft.Extensions.Logging.LogLevel.Error,
        "none" => Microsoft.Extensions.Logging.LogLevel.None,
        _ => throw new ArgumentException($"--log-level {value}: expected debug, info, log, warn, error or none.", "args"),
    };

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
