using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests.Connections;

/// <summary>Starts the TCP dev server with one scenario handler, and the line-based helpers the tests share.</summary>
internal static class InboundConnection
{
    public static Task<RunningWorkerHost> StartAsync(WorkerConnect handler, params string[] extraArgs)
        => WorkerHost.StartConnectionsAsync<ScenarioWorker>(
            ["--tcp-port", "0", "--SCENARIO", ScenarioWorker.Register(handler), .. extraArgs],
            builder => builder.Logging.ClearProviders());

    public static async Task<TcpClient> ConnectAsync(RunningWorkerHost host)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(host.Address.Host, host.Address.Port).WaitAsync(TestTimeouts.Default);
        return client;
    }

    /// <summary>Writes <paramref name="text"/> and a newline to a worker socket's writable side.</summary>
    public static async Task WriteLineAsync(this WorkerSocket socket, string text)
        => await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(text + "\n"));

    /// <summary>Reads one newline-terminated line from a worker socket; <see langword="null"/> at the end of the stream.</summary>
    public static async Task<string?> ReadLineAsync(this WorkerSocket socket)
    {
        var reader = socket.Readable;
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } end)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, end));
                reader.AdvanceTo(buffer.GetPosition(1, end));
                return line;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
                return null;
        }
    }

    /// <summary>Reads everything the peer sends until it ends the connection.</summary>
    public static async Task<string> ReadToEndAsync(this Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync().WaitAsync(TestTimeouts.Default);
    }

    public static async Task<string?> ReadLineAsync(this Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one).AsTask().WaitAsync(TestTimeouts.Default) == 1)
        {
            if (one[0] == '\n')
                return Encoding.UTF8.GetString([.. line]);
            line.Add(one[0]);
        }

        return line.Count == 0 ? null : Encoding.UTF8.GetString([.. line]);
    }

    public static Task WriteAsync(this Stream stream, string text) => stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();
}
