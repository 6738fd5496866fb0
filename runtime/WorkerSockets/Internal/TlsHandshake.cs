using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace WorkerSockets.Internal;

/// <summary>The client side of a TLS handshake: SNI, system trust, and the policy's extra roots — never an off switch.</summary>
internal static class TlsHandshake
{
    public static async Task<SslStream> AuthenticateAsync(Stream inner, string serverName, SocketPolicy policy, CancellationToken cancellationToken)
    {
        SslPolicyErrors? rejected = null;
        var ssl = new SslStream(inner, leaveInnerStreamOpen: true);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                errors = WithNumericNameChecked(errors, serverName, certificate as X509Certificate2);
                bool trusted = IsTrusted(certificate as X509Certificate2, chain, errors, policy.TrustedRoots);
                if (!trusted)
                {
                    rejected = errors;
                }

                return trusted;
            },
        };

        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (AuthenticationException e) when (rejected is { } errors)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new CertificateRejectedException(serverName, errors, e);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// .NET reads <c>127.1</c>, <c>2130706433</c> or <c>0177.0.0.1</c> as IP addresses and matches them against the
    /// certificate's IP entries. workerd's TLS client checks a name as an IP address only when <c>inet_pton</c> reads it
    /// as one (four plain decimal parts, or IPv6), so there such a name is a DNS name, and only a DNS entry that spells
    /// it matches. The name is checked as written, as there.
    /// </summary>
    private static SslPolicyErrors WithNumericNameChecked(SslPolicyErrors errors, string serverName, X509Certificate2? certificate)
    {
        if (certificate is null || serverName.Contains(':', StringComparison.Ordinal) || IsDottedQuad(serverName)
            || !System.Net.IPAddress.TryParse(serverName, out _))
        {
            return errors;
        }

        bool listed = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(names => names.EnumerateDnsNames())
            .Any(name => string.Equals(name, serverName, StringComparison.OrdinalIgnoreCase));
        return listed ? errors & ~SslPolicyErrors.RemoteCertificateNameMismatch : errors | SslPolicyErrors.RemoteCertificateNameMismatch;
    }

    /// <summary>What <c>inet_pton</c> reads as IPv4: four decimal parts of 0 to 255, without leading zeros.</summary>
    private static bool IsDottedQuad(string name)
    {
        var parts = name.Split('.');
        return parts.Length == 4 && parts.All(part =>
            part.Length is >= 1 and <= 3 && part.All(char.IsAsciiDigit) && (part.Length == 1 || part[0] != '0') && int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }

    private static bool IsTrusted(X509Certificate2? certificate, X509Chain? systemChain, SslPolicyErrors errors, X509Certificate2Collection extraRoots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A wrong name or a missing certificate is never rescued by extra roots; only an untrusted chain is.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || extraRoots.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (systemChain is not null)
        {
            foreach (var element in systemChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }
}

/// <summary>The server's certificate failed validation; <see cref="Errors"/> says how (name, chain, missing).</summary>
internal sealed class CertificateRejectedException(string serverName, SslPolicyErrors errors, Exception inner)
    : AuthenticationException($"The TLS certificate of '{serverName}' was rejected ({errors}).", inner)
{
    public SslPolicyErrors Errors { get; } = errors;
}
