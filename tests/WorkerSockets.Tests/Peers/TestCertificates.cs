using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WorkerSockets.Tests.Peers;

/// <summary>A throwaway certificate authority and server certificates, made at test time.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Creates a root certificate named <paramref name="authorityName"/>.</summary>
    public TestCertificates(string authorityName = "WorkerSockets Test Root")
    {
        var request = new CertificateRequest($"CN={authorityName}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // Wide enough that certificates with a past validity window (expired ones) can still be issued under it.
        Root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>The root to trust (through <c>SocketPolicy.WithTrustedRoots</c>).</summary>
    public X509Certificate2 Root { get; }

    /// <summary>A policy that allows loopback and trusts <see cref="Root"/>.</summary>
    public WorkerSockets.SocketPolicy Trusting => WorkerSockets.SocketPolicy.Development.WithTrustedRoots(Root);

    /// <summary>A server certificate for <paramref name="dnsName"/>, valid now, issued by <see cref="Root"/>, with its private key.</summary>
    public X509Certificate2 IssueServer(string dnsName)
        => IssueServer(dnsName, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

    /// <summary>A server certificate for <paramref name="dnsName"/> valid from <paramref name="notBefore"/> to <paramref name="notAfter"/> (within the root's ±30 days).</summary>
    public X509Certificate2 IssueServer(string dnsName, DateTimeOffset notBefore, DateTimeOffset notAfter)
        => IssueServer(dnsName, null, notBefore, notAfter);

    /// <summary>A server certificate for <paramref name="dnsName"/> and the IP address <paramref name="ipAddress"/>, valid now.</summary>
    public X509Certificate2 IssueServer(string dnsName, System.Net.IPAddress ipAddress)
        => IssueServer(dnsName, ipAddress, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

    private X509Certificate2 IssueServer(string dnsName, System.Net.IPAddress? ipAddress, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        if (ipAddress is not null)
        {
            names.AddIpAddress(ipAddress);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = request.Create(Root, notBefore, notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);

        // A PKCS#12 round trip gives SslStream a certificate whose key it can always use.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Root.Dispose();
        _caKey.Dispose();
    }
}
