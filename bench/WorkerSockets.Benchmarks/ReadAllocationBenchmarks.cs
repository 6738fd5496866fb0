using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using WorkerSockets.Benchmarks.Infrastructure;

namespace WorkerSockets.Benchmarks;

/// <summary>
/// P3 (per read): <see cref="ReadsPerConnection"/> reads from an endless loopback sender on one connection. Results are per
/// read (OperationsPerInvoke), so each carries 1/<see cref="ReadsPerConnection"/> of one connect/close cycle: at most
/// 4 bytes when the cycle is within its 4 KiB goal. Goal: zero per read in steady state.
/// </summary>
[MemoryDiagnoser]
public class ReadAllocationBenchmarks
{
    public const int DefaultReadsPerConnection = 1024;

    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(Drain.ReadBufferSize, pinned: true);
    private ServerProcess _sender = null!;
    private SocketPolicy _policy = null!;

    /// <summary>Reads per benchmark invocation; a constant because OperationsPerInvoke must be one.</summary>
    public int ReadsPerConnection { get; set; } = DefaultReadsPerConnection;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _sender = await ServerProcess.StartSenderAsync(bytesPerConnection: -1);
        _policy = SocketPolicy.Development;
    }

    [GlobalCleanup]
    public Task CleanupAsync() => _sender.DisposeAsync().AsTask();

    [Benchmark(Baseline = true, OperationsPerInvoke = DefaultReadsPerConnection, Description = "raw Socket.ReceiveAsync")]
    public async Task<long> RawSocket()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_sender.EndPoint);
        return await Drain.ReadsAsync(socket, _buffer, ReadsPerConnection);
    }

    [Benchmark(OperationsPerInvoke = DefaultReadsPerConnection, Description = "WorkerSocket.Readable")]
    public Task<long> WorkerSocketReadable() =>
        InRequest.WithSocketAsync(_sender.Address, null, _policy, s => Drain.ReadsAsync(s.Readable, ReadsPerConnection));

    [Benchmark(OperationsPerInvoke = DefaultReadsPerConnection, Description = "WorkerSocket.Stream")]
    public Task<long> WorkerSocketStream() =>
        InRequest.WithSocketAsync(_sender.Address, null, _policy, s => Drain.ReadsAsync(s.Stream, _buffer, ReadsPerConnection));
}
