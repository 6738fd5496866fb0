using System.Buffers;
using System.Buffers.Binary;
using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>
/// The pool's answer to a successful login, built once per origin parameter set: <c>AuthenticationOk</c> and every
/// <c>ParameterStatus</c>, encoded; each login copies it and adds only its own <c>BackendKeyData</c> and
/// <c>ReadyForQuery</c>. Every client of a pool sees the same parameters, so nothing per client is re-encoded (P7).
/// </summary>
internal sealed class StartupReply
{
    private const int KeyAndReadyLength = 13 + 6; // BackendKeyData (type, length, pid, secret) + ReadyForQuery

    private readonly byte[] _prefix;

    public StartupReply(IReadOnlyList<byte[]> parameterStatuses)
    {
        ParameterStatuses = parameterStatuses;
        var prefix = new ArrayBufferWriter<byte>();
        PgMessageWriter.WriteAuthentication(prefix, 0, []);
        foreach (var status in parameterStatuses)
        {
            PgMessageWriter.WriteParameterStatus(prefix, status);
        }

        _prefix = prefix.WrittenSpan.ToArray();
    }

    /// <summary>The origin's <c>ParameterStatus</c> bodies this reply was built from.</summary>
    public IReadOnlyList<byte[]> ParameterStatuses { get; }

    /// <summary>Writes the whole reply with the session's synthetic cancel key patched in.</summary>
    public void WriteTo(IBufferWriter<byte> writer, BackendKey key)
    {
        var span = writer.GetSpan(_prefix.Length + KeyAndReadyLength);
        _prefix.CopyTo(span);
        var tail = span[_prefix.Length..];
        tail[0] = PgBackend.BackendKeyData;
        BinaryPrimitives.WriteInt32BigEndian(tail[1..], 12);
        BinaryPrimitives.WriteInt32BigEndian(tail[5..], key.ProcessId);
        BinaryPrimitives.WriteInt32BigEndian(tail[9..], key.SecretKey);
        tail[13] = PgBackend.ReadyForQuery;
        BinaryPrimitives.WriteInt32BigEndian(tail[14..], 5);
        tail[18] = (byte)PgTransactionStatus.Idle;
        writer.Advance(_prefix.Length + KeyAndReadyLength);
    }
}
