using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using WorkerSockets.Benchmarks.Infrastructure;

namespace WorkerSockets.Benchmarks;

/// <summary>P1: one connection reads <see cref="TotalBytes"/> from a loopback sender until it ends (goal ≥ 0.90× raw).</summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    public const long OneGiB = 1L << 30;

    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(Drain.ReadBufferSize, pinned: true);
    private ServerProcess _sender = null!;
    private SocketPolicy _policy = null!;

    [Params(OneGiB)]
    public long TotalBytes { get; set; } = OneGiB;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _sender = await ServerProcess.StartSenderAsync(TotalBytes);
        _policy = SocketPolicy.Development;
    }

    [GlobalCleanup]
    public Task CleanupAsync() => _sender.DisposeAsync().AsTask();

    [Benchmark(Baseline = true, Description = "raw Socket.ReceiveAsync")]
    public async Task<long> RawSocket()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_sender.EndPoint);
        return Drain.Expect(await Drain.ToEndAsync(socket, _buffer), TotalBytes);
    }

    [Benchmark(Description = "raw NetworkStream")]
    public async Task<long> RawNetworkStream()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_sender.EndPoint);
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        return Drain.Expect(await Drain.ToEndAsync(stream, _buffer), TotalBytes);
    }

    [Benchmark(Description = "WorkerSocket.Readable")]
    public async Task<long> WorkerSocketReadable() =>
        Drain.Expect(await InRequest.WithSocketAsync(_sender.Address, null, _policy, s => Drain.ToEndAsync(s.Readable)), TotalBytes);

    [Benchmark(Description = "WorkerSocket.Stream")]
    public async Task<long> WorkerSocketStream() =>
        Drain.Expect(await InRequest.WithSocketAsync(_sender.Address, null, _policy, s => Drain.ToEndAsync(s.Stream, _buffer)), TotalBytes);
}
