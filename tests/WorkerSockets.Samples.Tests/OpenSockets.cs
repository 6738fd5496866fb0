using System.Globalization;

namespace WorkerSockets.Samples.Tests;

/// <summary>Counts this process's open TCP sockets to a remote port, from /proc (Linux): socket file descriptors joined with the kernel's TCP table.</summary>
internal static class OpenSockets
{
    public static int CountTcpTo(int remotePort)
    {
        var inodesToPort = new HashSet<string>(StringComparer.Ordinal);
        foreach (string table in (string[])["/proc/net/tcp", "/proc/net/tcp6"])
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
