using System.Buffers;
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

    /// <summary>Writes the whole reply with the session's synthetic cancel key appended, then <c>ReadyForQuery</c> (idle).</summary>
    public void WriteTo(IBufferWriter<byte> writer, BackendKey key)
    {
        writer.Write(_prefix);
        PgMessageWriter.WriteBackendKeyData(writer, key.ProcessId, key.SecretKey);
        PgMessageWriter.WriteReadyForQuery(writer, PgTransactionStatus.Idle);
    }
}
