// Batch 5: a small MQTT 3.1.1 publisher: CONNECT/CONNACK, PUBLISH, DISCONNECT over plain and TLS sockets.
using System;
using System.Buffers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Mqtt;

public static class MqttPorts
{
    public const int Plain = 1883;
    public const int Tls = 8883;
    public const int WebSockets = 443;
}

public sealed class MqttPublisher : IAsyncDisposable
{
    private readonly WorkerSocket socket;

    private MqttPublisher(WorkerSocket socket) => this.socket = socket;

    public static async Task<MqttPublisher> ConnectAsync(string host, string clientId, bool tls, CancellationToken ct)
    {
        var socket = tls
            ? Sockets.Connect(host, MqttPorts.Tls, new SocketOptions { SecureTransport = SecureTransport.On })
            : Sockets.Connect(host, MqttPorts.Plain);
        var publisher = new MqttPublisher(socket);
        try
        {
            await publisher.HandshakeAsync(clientId, ct).ConfigureAwait(false);
            return publisher;
        }
        catch
        {
            await publisher.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task HandshakeAsync(string clientId, CancellationToken ct)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        var packet = new byte[14 + id.Length];
        packet[0] = 0x10;
        packet[1] = (byte)(12 + id.Length);
        "\0\u0004MQTT\u0004\u0002\0\u003c"u8.CopyTo(packet.AsSpan(2));
        packet[12] = (byte)(id.Length >> 8);
        packet[13] = (byte)id.Length;
        id.CopyTo(packet, 14);
        await socket.Writable.WriteAsync(packet, ct).ConfigureAwait(false);
        var connack = await socket.Readable.ReadAtLeastAsync(4, ct).ConfigureAwait(false);
        var code = connack.Buffer.Slice(3, 1).FirstSpan[0];
        socket.Readable.AdvanceTo(connack.Buffer.GetPosition(4));
        if (code != 0)
        {
            throw new InvalidOperationException($"CONNACK refused: {code}");
        }
    }

    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var name = Encoding.UTF8.GetBytes(topic);
        var header = new byte[] { 0x30, (byte)(2 + name.Length + payload.Length), (byte)(name.Length >> 8), (byte)name.Length };
        await socket.Writable.WriteAsync(header, ct).ConfigureAwait(false);
        await socket.Writable.WriteAsync(name, ct).ConfigureAwait(false);
        await socket.Writable.WriteAsync(payload, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await socket.Writable.WriteAsync(new byte[] { 0xE0, 0x00 }).ConfigureAwait(false);
        }
        finally
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }
}

public static class MqttHandlers
{
    public static async Task Publish(string host, string topic, string message, CancellationToken ct)
    {
        await using var publisher = await MqttPublisher.ConnectAsync(host, "worker-1", tls: true, ct).ConfigureAwait(false);
        await publisher.PublishAsync(topic, Encoding.UTF8.GetBytes(message), ct).ConfigureAwait(false);
    }

    public static async Task PublishOverWebSockets(string host, CancellationToken ct)
    {
        await using var socket = Sockets.Connect(host, MqttPorts.WebSockets, new SocketOptions { SecureTransport = SecureTransport.On }); // expect: WSK010
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes($"GET /mqtt HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n\r\n"), ct).ConfigureAwait(false);
    }

    public static async Task RawConnectNoDisconnect(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect($"{host}:{MqttPorts.Plain}"); // expect: WSK007
        await socket.Writable.WriteAsync(new byte[] { 0x10, 0x00 }, ct).ConfigureAwait(false);
        var ack = await socket.Readable.ReadAsync(ct).ConfigureAwait(false);
        socket.Readable.AdvanceTo(ack.Buffer.End);
    }

    public static async Task TlsUpgradeOnMqttsPort(string host)
    {
        var socket = Sockets.Connect(host, MqttPorts.Tls, new SocketOptions { SecureTransport = SecureTransport.On });
        var upgraded = socket.StartTls(); // expect: WSK005
        await upgraded.CloseAsync().ConfigureAwait(false);
    }

    public static async Task RetainedFanOut(string[] brokers, string topic, CancellationToken ct)
    {
        foreach (var broker in brokers)
        {
            await using var publisher = await MqttPublisher.ConnectAsync(broker, "fanout", tls: false, ct).ConfigureAwait(false);
            await publisher.PublishAsync(topic, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
        }
    }
}
