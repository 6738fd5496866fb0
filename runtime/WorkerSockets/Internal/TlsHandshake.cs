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
