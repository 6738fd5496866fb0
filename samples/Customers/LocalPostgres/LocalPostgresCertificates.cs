using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Customers.LocalPostgres;

/// <summary>A throwaway certificate authority and the server certificate it signs for 127.0.0.1 and localhost.</summary>
internal sealed class LocalPostgresCertificates : IDisposable
{
    private LocalPostgresCertificates(X509Certificate2 authority, X509Certificate2 server, string serverKeyPem)
    {
        Authority = authority;
        Server = server;
        ServerKeyPem = serverKeyPem;
    }

    /// <summary>The root to trust (public part only).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server's certificate.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The server's private key as PKCS#8 PEM.</summary>
    public string ServerKeyPem { get; }

    /// <summary>Makes a new authority and server certificate, valid for a day.</summary>
    public static LocalPostgresCertificates Create()
    {
        DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        DateTimeOffset notAfter = notBefore.AddDays(1);

        using ECDsa authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=WorkerSockets Customers sample local CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using X509Certificate2 authorityWithKey = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        using ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authorityWithKey, true, false));
        X509Certificate2 server = serverRequest.Create(authorityWithKey, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));

        X509Certificate2 authority = X509CertificateLoader.LoadCertificate(authorityWithKey.RawData);
        return new LocalPostgresCertificates(authority, server, serverKey.ExportPkcs8PrivateKeyPem());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }
}
