using System.Security.Cryptography;
using System.Text;

namespace WorkerSockets.Hosting.Hyperdrive.Origin;

/// <summary>
/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it: no channel binding, an empty user name
/// (the server takes it from the startup message), and the server's signature checked before the login counts.
/// </summary>
internal sealed class ScramSha256Client
{
    public const string Mechanism = "SCRAM-SHA-256";
    private const string Gs2Header = "n,,";
    private readonly string _password;
    private readonly string _clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
    private byte[]? _expectedServerSignature;

    public ScramSha256Client(string password) => _password = password;

    private string ClientFirstBare => $"n=,r={_clientNonce}";

    public byte[] ClientFirstMessage() => Encoding.UTF8.GetBytes(Gs2Header + ClientFirstBare);

    public byte[] ClientFinalMessage(string serverFirst)
    {
        var attributes = ScramAttributes.Parse(serverFirst);
        if (!attributes.TryGetValue('r', out var nonce) || !attributes.TryGetValue('s', out var salt)
            || !attributes.TryGetValue('i', out var iterationText) || !int.TryParse(iterationText, out int iterations) || iterations < 1)
        {
            throw new OriginException("The origin sent a malformed SCRAM server-first-message.");
        }

        if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
        {
            throw new OriginException("The origin's SCRAM nonce does not extend the client's.");
        }

        var keys = ScramKeys.Derive(_password, Convert.FromBase64String(salt), iterations);
        string clientFinalWithoutProof = $"c={Convert.ToBase64String(Encoding.ASCII.GetBytes(Gs2Header))},r={nonce}";
        byte[] authMessage = Encoding.UTF8.GetBytes($"{ClientFirstBare},{serverFirst},{clientFinalWithoutProof}");
        byte[] clientSignature = HMACSHA256.HashData(keys.StoredKey, authMessage);
        byte[] proof = new byte[keys.ClientKey.Length];
        for (int i = 0; i < proof.Length; i++)
        {
            proof[i] = (byte)(keys.ClientKey[i] ^ clientSignature[i]);
        }

        _expectedServerSignature = HMACSHA256.HashData(keys.ServerKey, authMessage);
        return Encoding.UTF8.GetBytes($"{clientFinalWithoutProof},p={Convert.ToBase64String(proof)}");
    }

    public void VerifyServerFinal(string serverFinal)
    {
        var attributes = ScramAttributes.Parse(serverFinal);
        if (attributes.TryGetValue('e', out var error))
        {
            throw new OriginException($"The origin rejected the SCRAM exchange: {error}");
        }

        byte[] signature = attributes.TryGetValue('v', out var v) ? ScramAttributes.FromBase64OrEmpty(v) : [];
        if (_expectedServerSignature is null || !CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature))
        {
            throw new OriginException("The origin's SCRAM signature is wrong: it does not know the password.");
        }
    }
}

/// <summary>The keys SCRAM derives from a password and salt (RFC 5802 §3).</summary>
internal sealed record ScramKeys(byte[] ClientKey, byte[] StoredKey, byte[] ServerKey)
{
    public static ScramKeys Derive(string password, byte[] salt, int iterations)
    {
        // PostgreSQL applies SASLprep; for ASCII it is the identity, and NFKC is its main step for the rest.
        var normalized = Ascii.IsValid(password) ? password : password.Normalize(NormalizationForm.FormKC);
        byte[] salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(normalized), salt, iterations, HashAlgorithmName.SHA256, 32);
        byte[] clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        return new ScramKeys(clientKey, SHA256.HashData(clientKey), HMACSHA256.HashData(salted, "Server Key"u8));
    }
}

/// <summary>Splits SCRAM's <c>a=value,b=value</c> messages.</summary>
internal static class ScramAttributes
{
    public static Dictionary<char, string> Parse(string message)
    {
        var attributes = new Dictionary<char, string>();
        foreach (var attribute in message.Split(','))
        {
            if (attribute.Length >= 2 && attribute[1] == '=')
            {
                attributes.TryAdd(attribute[0], attribute[2..]);
            }
        }

        return attributes;
    }

    public static byte[] FromBase64OrEmpty(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
