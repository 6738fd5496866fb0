using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>
/// The client's password check, chosen by its transport: SCRAM-SHA-256 where bytes may cross a socket, a cleartext
/// password compared in constant time where they stay in process (see <see cref="HyperdriveClientTransport"/>).
/// </summary>
internal sealed partial class ClientSession
{
    private const int AuthenticationCleartextPassword = 3;
    private const int AuthenticationSasl = 10;
    private const int AuthenticationSaslContinue = 11;
    private const int AuthenticationSaslFinal = 12;

    private void RequestCleartextPassword() => PgMessageWriter.WriteAuthentication(Output, AuthenticationCleartextPassword, []);

    /// <summary>
    /// One round trip, no key stretching: the pipes never leave this process, so the password cannot be read on its way,
    /// and it is a random one the host generated, so there is nothing to slow guessing of. Null when the PasswordMessage
    /// is malformed.
    /// </summary>
    private bool? CheckCleartextPassword(byte[] response)
    {
        // A PasswordMessage is the password and its terminator, nothing after it.
        if (response.Length == 0 || Array.IndexOf(response, (byte)0) != response.Length - 1)
        {
            return null;
        }

        // Compared as digests: equal lengths, so neither the time taken nor an early exit says how much of it matched.
        Span<byte> given = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(response.AsSpan(0, response.Length - 1), given);
        return CryptographicOperations.FixedTimeEquals(given, _pool.ClientPasswordDigest);
    }

    /// <summary>Runs the SCRAM-SHA-256 exchange; false when the client fails it, null when it broke its protocol.</summary>
    private async Task<bool?> RunScramAsync(CancellationToken cancellationToken)
    {
        PgMessageWriter.WriteAuthentication(Output, AuthenticationSasl, Encoding.ASCII.GetBytes(ScramSha256Client.Mechanism + "\0\0"));
        await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        var scram = new ScramSha256Server(_pool.ClientKeys, _pool.ClientSalt, _pool.Options.ClientScramIterations);

        var initial = await ReadStartupPhaseAsync(typed: true, cancellationToken).ConfigureAwait(false);
        if (initial is null)
        {
            return null;
        }

        if (!TryReadSaslInitial(initial, out string? clientFirst) || scram.ServerFirstMessage(clientFirst) is not { } serverFirst)
        {
            return false;
        }

        PgMessageWriter.WriteAuthentication(Output, AuthenticationSaslContinue, Encoding.UTF8.GetBytes(serverFirst));
        await Output.FlushAsync(cancellationToken).ConfigureAwait(false);

        var response = await ReadStartupPhaseAsync(typed: true, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        if (scram.ServerFinalMessage(Encoding.UTF8.GetString(response)) is not { } serverFinal)
        {
            return false;
        }

        // Not flushed: it goes out with AuthenticationOk and the ParameterStatus burst.
        PgMessageWriter.WriteAuthentication(Output, AuthenticationSaslFinal, Encoding.UTF8.GetBytes(serverFinal));
        return true;
    }

    private static bool TryReadSaslInitial(byte[] body, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? clientFirst)
    {
        clientFirst = null;
        int nul = Array.IndexOf(body, (byte)0);
        if (nul < 0 || Encoding.ASCII.GetString(body, 0, nul) != ScramSha256Client.Mechanism || body.Length < nul + 5)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(nul + 1));
        if (length < 0 || length != body.Length - nul - 5)
        {
            return false;
        }

        clientFirst = Encoding.UTF8.GetString(body, nul + 5, length);
        return true;
    }
}
