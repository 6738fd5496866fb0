using System.Buffers.Binary;

namespace WorkerSockets.Hosting.Tests.Workers;

// The /hyperdrive route: what env.OrdersDb describes, and what answers a connect to it.
public partial class TestWorker
{
    /// <summary>The PostgreSQL <c>SSLRequest</c>: length 8, code 80877103.</summary>
    public static byte[] SslRequest()
    {
        var message = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(message, 8);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), 80877103);
        return message;
    }

    /// <summary>Reports the binding's parts (the password only as its length) and the answer to an SSLRequest sent to it.</summary>
    private static async Task<string> DescribeHyperdriveAsync(Env env)
    {
        if (env.OrdersDb is not { } db)
            return "none";

        await using var socket = db.Connect();
        var info = await socket.Opened.WaitAsync(Timeout);
        await socket.Writable.WriteAsync(SslRequest());
        var answer = await socket.Readable.ReadAsync().AsTask().WaitAsync(Timeout);
        var reply = (char)answer.Buffer.FirstSpan[0];
        socket.Readable.AdvanceTo(answer.Buffer.GetPosition(1));
        return $"{info.RemoteAddress} user={db.User} database={db.Database} password={db.Password} ssl={reply} url={db.ConnectionString}";
    }
}
