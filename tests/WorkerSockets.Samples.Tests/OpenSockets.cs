using System.Globalization;

namespace WorkerSockets.Samples.Tests;

/// <summary>Counts this process's open TCP sockets to a remote port, from /proc (Linux): socket file descriptors joined with the kernel's TCP table.</summary>
internal static class OpenSockets
{
    public static int CountTcpTo(int remotePort) => CountTcpTo(remotePort, "/proc/net");

    /// <summary>As <see cref="CountTcpTo(int)"/>, with the kernel's TCP tables read from <paramref name="procNet"/>.</summary>
    public static int CountTcpTo(int remotePort, string procNet)
    {
        // Without the IPv4 table nothing could be counted, and "0 open" would pass unchecked: refuse instead.
        // The IPv6 table is absent only where IPv6 is off, and then no socket can be in it.
        string ipv4 = Path.Combine(procNet, "tcp");
        if (!File.Exists(ipv4))
        {
            throw new PlatformNotSupportedException($"Counting open sockets needs {ipv4} (Linux procfs), which this machine does not have.");
        }

        var inodesToPort = new HashSet<string>(StringComparer.Ordinal);
        foreach (string table in (string[])[ipv4, Path.Combine(procNet, "tcp6")])
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (string line in File.ReadLines(table).Skip(1))
            {
                string[] columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                string remote = columns[2]; // hex address:port
                int port = int.Parse(remote[(remote.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (port == remotePort)
                {
                    inodesToPort.Add(columns[9]);
                }
            }
        }

        int count = 0;
        foreach (string fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed while we looked
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodesToPort.Contains(target[8..^1]))
            {
                count++;
            }
        }

        return count;
    }
}
