using System.Security.Cryptography;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Origin;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>
/// The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL runs it, without channel binding: the client
/// proves it knows the password without sending it, and the server proves it knows it too.
/// </summary>
internal sealed class ScramSha256Server
{
    private readonly ScramKeys _keys;
    private readonly int _iterations;
    private readonly byte[] _salt;
    private string? _clientFirstBare;
    private string? _serverFirst;
    private string? _nonce;
    private string? _gs2Header;

    /// <param name="keys">The stored and server keys, derived once per pool from the client password.</param>
    /// <param name="salt">The salt they were derived with.</param>
    /// <param name="iterations">The iteration count they were derived with.</param>
    public ScramSha256Server(ScramKeys keys, byte[] salt, int iterations)
    {
        _keys = keys;
        _salt = salt;
        _iterations = iterations;
    }

    /// <summary>Reads the client-first-message and returns the server-first-message, or null when it is malformed.</summary>
    public string? ServerFirstMessage(string clientFirst)
    {
        // gs2-header: "n,," (no channel binding) or "y,," (the client could, but we offered no -PLUS mechanism).
        if (!(clientFirst.StartsWith("n,", StringComparison.Ordinal) || clientFirst.StartsWith("y,", StringComparison.Ordinal)))
        {
            return null;
        }

        int secondComma = clientFirst.IndexOf(',', 2);
        if (secondComma < 0)
        {
            return null;
        }

        _gs2Header = clientFirst[..(secondComma + 1)];
        _clientFirstBare = clientFirst[(secondComma + 1)..];
        var attributes = ScramAttributes.Parse(_clientFirstBare);
        if (!attributes.TryGetValue('r', out var clientNonce) || clientNonce.Length == 0 || clientNonce.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        _nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_salt)},i={_iterations}";
        return _serverFirst;
    }

    /// <summary>Checks the client-final-message's proof; returns the server-final-message, or null when the proof is wrong.</summary>
    public string? ServerFinalMessage(string clientFinal)
    {
        if (_serverFirst is null || _gs2Header is null)
        {
            return null;
        }

        int proofStart = clientFinal.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofStart < 0)
        {
            return null;
        }

        string withoutProof = clientFinal[..proofStart];
        var attributes = ScramAttributes.Parse(withoutProof);
        if (!attributes.TryGetValue('c', out var binding) || binding != Convert.ToBase64String(Encoding.ASCII.GetBytes(_gs2Header))
            || !attributes.TryGetValue('r', out var nonce) || nonce != _nonce)
        {
            return null;
        }

        byte[] proof = ScramAttributes.FromBase64OrEmpty(clientFinal[(proofStart + 3)..]);
        if (proof.Length != _keys.StoredKey.Length)
        {
            return null;
        }

        byte[] authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}");
        byte[] clientSignature = HMACSHA256.HashData(_keys.StoredKey, authMessage);
        for (int i = 0; i < proof.Length; i++)
        {
            proof[i] ^= clientSignature[i]; // now the client key
        }

        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(proof), _keys.StoredKey))
        {
            return null;
        }

        return "v=" + Convert.ToBase64String(HMACSHA256.HashData(_keys.ServerKey, authMessage));
    }
}
