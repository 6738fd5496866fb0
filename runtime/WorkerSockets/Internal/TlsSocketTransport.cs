using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;

namespace WorkerSockets.Internal;

/// <summary>A TLS connection: the stream pipes over the <see cref="SslStream"/>, which wraps a <see cref="NetworkStream"/> on the socket.</summary>
internal sealed class TlsSocketTransport(Socket socket, NetworkStream network, SslStream tls)
    : TcpSocketTransport(socket, PipeReader.Create(tls, ReaderOptions), PipeWriter.Create(tls, WriterOptions))
{
    // Large reads keep bulk throughput close to a raw socket; the buffers come from the shared pool.
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: SocketPipeReader.BufferSize, minimumReadSize: 16384, leaveOpen: true);
    private static readonly StreamPipeWriterOptions WriterOptions = new(minimumBufferSize: 16384, leaveOpen: true);

    /// <summary>Sends TLS close_notify, then a TCP FIN.</summary>
    public override async Task ShutdownSendAsync()
    {
        await tls.ShutdownAsync().ConfigureAwait(false);
        await base.ShutdownSendAsync().ConfigureAwait(false);
    }

    /// <summary>A TLS close always says close_notify, so the peer can tell the end from a truncation.</summary>
    public override Task ShutdownBeforeCloseAsync() => ShutdownSendAsync();

    protected override void DisposeStreams()
    {
        tls.Dispose();
        network.Dispose();
    }
}
