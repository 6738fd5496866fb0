using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Customers.Postgres;

/// <summary>
/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it: no channel binding, the user name left
/// empty (the server takes it from the startup message), and the server's signature checked before the login counts.
/// </summary>
internal sealed class ScramSha256
{
    public const string Mechanism = "SCRAM-SHA-256";

    private const string Gs2Header = "n,,"; // no channel binding, no authorization identity
    private const int MaxCachedKeys = 64;

    // PBKDF2 (4096 rounds) is most of a login's cost, and its result depends only on password, salt and rounds, which stay
    // the same for a role (PostgreSQL keeps one salt per role; a Hyperdrive pool one per lifetime). Cached per process.
    private static readonly ConcurrentDictionary<(string Password, string Salt, int Iterations), byte[]> SaltedPasswords = new();
    private readonly string _password;
    private readonly string _user;
    private readonly string _clientNonce;
    private byte[]? _expectedServerSignature;

    /// <param name="password">The password.</param>
    /// <param name="user">The SCRAM user name; PostgreSQL ignores it, so it stays empty outside the RFC's test vectors.</param>
    /// <param name="clientNonce">Fixed only by tests; a fresh random nonce otherwise.</param>
    public ScramSha256(string password, string user = "", string? clientNonce = null)
    {
        _password = password;
        _user = user;
        _clientNonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
    }

    private string ClientFirstBare => $"n={_user},r={_clientNonce}";

    /// <summary>The client-first-message, sent in SASLInitialResponse.</summary>
    public byte[] ClientFirstMessage() => Encoding.UTF8.GetBytes(Gs2Header + ClientFirstBare);

    /// <summary>Answers the server-first-message (<c>r=...,s=...,i=...</c>) with the client-final-message and its proof.</summary>
    public byte[] ClientFinalMessage(string serverFirst)
    {
        string? nonce = null, salt = null, iterations = null;
        foreach (string attribute in serverFirst.Split(','))
        {
            if (attribute.Length < 2 || attribute[1] != '=')
            {
                continue;
            }

            string value = attribute[2..];
            switch (attribute[0])
            {
                case 'r': nonce = value; break;
                case 's': salt = value; break;
                case 'i': iterations = value; break;
            }
        }

        if (nonce is null || salt is null || !int.TryParse(iterations, out int iterationCount) || iterationCount < 1)
        {
            throw new PgConnectionException("The server sent a malformed SCRAM server-first-message.");
        }

        if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
        {
            throw new PgConnectionException("The server's SCRAM nonce does not extend the client's.");
        }

        byte[] saltedPassword = SaltedPassword(_password, salt, iterationCount);
        string clientFinalWithoutProof = $"c={Convert.ToBase64String(Encoding.ASCII.GetBytes(Gs2Header))},r={nonce}";
        byte[] authMessage = Encoding.UTF8.GetBytes($"{ClientFirstBare},{serverFirst},{clientFinalWithoutProof}");

        byte[] clientKey = HMACSHA256.HashData(saltedPassword, "Client Key"u8);
        byte[] storedKey = SHA256.HashData(clientKey);
        byte[] clientSignature = HMACSHA256.HashData(storedKey, authMessage);
        byte[] proof = new byte[clientKey.Length];
        for (int i = 0; i < proof.Length; i++)
        {
            proof[i] = (byte)(clientKey[i] ^ clientSignature[i]);
        }

        byte[] serverKey = HMACSHA256.HashData(saltedPassword, "Server Key"u8);
        _expectedServerSignature = HMACSHA256.HashData(serverKey, authMessage);
        return Encoding.UTF8.GetBytes($"{clientFinalWithoutProof},p={Convert.ToBase64String(proof)}");
    }

    /// <summary>Checks the server-final-message (<c>v=...</c>): proves the server knew the password too.</summary>
    public void VerifyServerFinal(string serverFinal)
    {
        if (_expectedServerSignature is null)
        {
            throw new InvalidOperationException("The server-final-message came before the client-final-message.");
        }

        if (serverFinal.StartsWith("e=", StringComparison.Ordinal))
        {
            throw new PgConnectionException($"The server rejected the SCRAM exchange: {serverFinal[2..]}");
        }

        byte[] signature;
        try
        {
            signature = serverFinal.StartsWith("v=", StringComparison.Ordinal)
                ? Convert.FromBase64String(serverFinal.Split(',')[0][2..])
                : [];
        }
        catch (FormatException)
        {
            signature = [];
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature))
        {
            throw new PgConnectionException("The server's SCRAM signature is wrong: it does not know the password.");
        }
    }

    private static byte[] SaltedPassword(string password, string salt, int iterations)
    {
        if (SaltedPasswords.TryGetValue((password, salt, iterations), out byte[]? cached))
        {
            return cached;
        }

        byte[] salted = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(Normalize(password)), Convert.FromBase64String(salt), iterations, HashAlgorithmName.SHA256, 32);
        if (SaltedPasswords.Count >= MaxCachedKeys)
        {
            SaltedPasswords.Clear(); // bounded: a server that changes salts on every login gets no cache, not a leak
        }

        SaltedPasswords[(password, salt, iterations)] = salted;
        return salted;
    }

    // PostgreSQL applies SASLprep; for ASCII it is the identity, and NFKC is its main step for the rest.
    private static string Normalize(string password)
        => Ascii.IsValid(password) ? password : password.Normalize(NormalizationForm.FormKC);
}
