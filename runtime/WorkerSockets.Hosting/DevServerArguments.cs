using System.Globalization;

namespace WorkerSockets.Hosting;

/// <summary>The dev server's own command-line options (<c>--port N</c>, <c>--port=N</c>), split from the rest.</summary>
internal sealed record DevServerArguments(int Port, string[] Remaining)
{
    public const int DefaultPort = 8787;

    /// <summary><c>--hyperdrive-port N</c>: also serve the Hyperdrive pools to PostgreSQL clients on loopback, from port N.</summary>
    public int? HyperdrivePort { get; init; }

    public static DevServerArguments Parse(string[] args)
    {
        var port = DefaultPort;
        int? hyperdrivePort = null;
        var remaining = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--port")
            {
                if (i + 1 >= args.Length)
                    throw new ArgumentException("--port needs a value: a TCP port, 0 for any free one.", nameof(args));
                port = ParsePort(args[++i]);
            }
            else if (arg.StartsWith("--port=", StringComparison.Ordinal))
            {
                port = ParsePort(arg["--port=".Length..]);
            }
            else if (arg == "--hyperdrive-port")
            {
                if (i + 1 >= args.Length)
                    throw new ArgumentException("--hyperdrive-port needs a value: a TCP port, 0 for any free one.", nameof(args));
                hyperdrivePort = ParsePort(args[++i], "--hyperdrive-port");
            }
            else if (arg.StartsWith("--hyperdrive-port=", StringComparison.Ordinal))
            {
                hyperdrivePort = ParsePort(arg["--hyperdrive-port=".Length..], "--hyperdrive-port");
            }
            else
            {
                remaining.Add(arg);
            }
        }

        return new DevServerArguments(port, [.. remaining]) { HyperdrivePort = hyperdrivePort };
    }

    private static int ParsePort(string value, string option = "--port")
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"{option} {value}: not a TCP port (0 to 65535; 0 picks a free one).", "args");
}
