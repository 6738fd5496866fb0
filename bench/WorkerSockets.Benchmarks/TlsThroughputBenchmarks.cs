using System.Net.Security;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using WorkerSockets.Benchmarks.Infrastructure;

namespace WorkerSockets.Benchmarks;

/// <summary>P1 with TLS: <see cref="SecureTransport.On"/> against a raw <see cref="SslStream"/>, same sender, same certificate (goal ≥ 0.90× raw).</summary>
[MemoryDiagnoser]
public class TlsThroughputBenchmarks
{
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(Drain.ReadBufferSize, pinned: true);
    private TestCertificates _certificates = null!;
    private ServerProcess _sender = null!;
    private string _serverPfx = null!;
    private SocketPolicy _policy = null!;
    private SocketOptions _options = null!;

    [Params(ThroughputBenchmarks.OneGiB)]
    public long TotalBytes { get; set; } = ThroughputBenchmarks.OneGiB;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _certificates = TestCertificates.Create();
        _serverPfx = _certificates.WriteServerPfx();
        _sender = await ServerProcess.StartSenderAsync(TotalBytes, _serverPfx);
        _policy = SocketPolicy.Development.WithTrustedRoots(_certificates.Root);
        _options = new SocketOptions
        {
            SecureTransport = SecureTransport.On,
            Tls = new TlsOptions { ExpectedServerHostname = TestCertificates.HostName },
        };
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _sender.DisposeAsync();
        File.Delete(_serverPfx);
        _certificates.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw SslStream")]
    public async Task<long> RawSslStream()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_sender.EndPoint);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = TestCertificates.HostName,
            CertificateChainPolicy = _certificates.ClientChainPolicy(),
        });
        return Drain.Expect(await Drain.ToEndAsync(tls, _buffer), TotalBytes);
    }

    [Benchmark(Description = "WorkerSocket.Readable (TLS)")]
    public async Task<long> WorkerSocketReadable() =>
        Drain.Expect(await InRequest.WithSocketAsync(_sender.Address, _options, _policy, s => Drain.ToEndAsync(s.Readable)), TotalBytes);

    [Benchmark(Description = "WorkerSocket.Stream (TLS)")]
    public async Task<long> WorkerSocketStream() =>
        Drain.Expect(await InRequest.WithSocketAsync(_sender.Address, _options, _policy, s => Drain.ToEndAsync(s.Stream, _buffer)), TotalBytes);
}
