using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using WorkerSockets.Benchmarks.Infrastructure;

namespace WorkerSockets.Benchmarks;

/// <summary>
/// P2 and P3 (per cycle): connect, write 16 bytes, read the 16-byte echo, close — against an echo server on loopback.
/// Goals: ≤ 1.15× the raw socket's time; ≤ 4 KiB allocated per cycle.
/// </summary>
[MemoryDiagnoser]
public class RoundTripBenchmarks
{
    public const int MessageSize = 16;

    private static readonly byte[] Message = "ping-0123456789\n"u8.ToArray();
    private readonly byte[] _buffer = new byte[MessageSize];
    private ServerProcess _server = null!;
    private SocketPolicy _policy = null!;

    // Made once: a method group of an instance method would allocate a delegate per call and charge it to the Stream path.
    private Func<WorkerSocket, Task<long>>? _overStream;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await ServerProcess.StartEchoAsync();
        _policy = SocketPolicy.Development;
    }

    [GlobalCleanup]
    public Task CleanupAsync() => _server.DisposeAsync().AsTask();

    [Benchmark(Baseline = true, Description = "raw Socket")]
    public async Task<long> RawSocket()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(_server.EndPoint);
        await socket.SendAsync(Message, SocketFlags.None);
        var received = 0;
        while (received < MessageSize)
        {
            var read = await socket.ReceiveAsync(_buffer.AsMemory(received), SocketFlags.None);
            received += read == 0 ? throw new EndOfStreamException("The echo server closed early.") : read;
        }

        return received;
    }

    [Benchmark(Description = "WorkerSocket Writable/Readable")]
    public Task<long> WorkerSocketPipes() => InRequest.WithSocketAsync(_server.Address, null, _policy, RoundTripOverPipesAsync);

    [Benchmark(Description = "WorkerSocket.Stream")]
    public Task<long> WorkerSocketStream() => InRequest.WithSocketAsync(_server.Address, null, _policy, _overStream ??= RoundTripOverStreamAsync);

    /// <summary>The request scope alone, to tell its cost from the socket's.</summary>
    [Benchmark(Description = "empty WorkerContext.RunAsync")]
    public Task EmptyRequestScope() => WorkerContext.RunAsync(static _ => Task.CompletedTask, _policy);

    private static async Task<long> RoundTripOverPipesAsync(WorkerSocket socket)
    {
        await socket.Writable.WriteAsync(Message);
        var reader = socket.Readable;
        while (true)
        {
            var result = await reader.ReadAsync();
            var length = result.Buffer.Length;
            if (length >= MessageSize)
            {
                reader.AdvanceTo(result.Buffer.End);
                return length;
            }

            if (result.IsCompleted)
            {
                throw new EndOfStreamException("The echo server closed early.");
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private async Task<long> RoundTripOverStreamAsync(WorkerSocket socket)
    {
        var stream = socket.Stream;
        await stream.WriteAsync(Message);
        await stream.FlushAsync();
        var received = 0;
        while (received < MessageSize)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(received));
            received += read == 0 ? throw new EndOfStreamException("The echo server closed early.") : read;
        }

        return received;
    }
}
