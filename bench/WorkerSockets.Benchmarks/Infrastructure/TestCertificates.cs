using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WorkerSockets.Benchmarks.Infrastructure;

/// <summary>A root and a server certificate for <c>localhost</c>/<c>127.0.0.1</c>, made at run time so nothing is trusted system-wide.</summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 root, X509Certificate2 server)
    {
        Root = root;
        Server = server;
    }

    /// <summary>The self-signed root (public part only) that clients add to their trusted roots.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The server certificate with its private key, signed by <see cref="Root"/>.</summary>
    public X509Certificate2 Server { get; }

    public const string HostName = "localhost";

    public static TestCertificates Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=WorkerSockets benchmark root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var rootWithKey = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={HostName}", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(HostName);
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        using var serverPublic = serverRequest.Create(rootWithKey, now.AddDays(-1), now.AddDays(29), serial);
        using var serverWithKey = serverPublic.CopyWithPrivateKey(serverKey);

        // Round-trip through PKCS#12 so the key is a persisted one every platform's TLS stack accepts.
        var server = X509CertificateLoader.LoadPkcs12(serverWithKey.Export(X509ContentType.Pkcs12), null);
        var root = X509CertificateLoader.LoadCertificate(rootWithKey.Export(X509ContentType.Cert));
        return new TestCertificates(root, server);
    }

    /// <summary>Writes <see cref="Server"/> with its key to a new temporary PKCS#12 file (for a server in another process); returns its path.</summary>
    public string WriteServerPfx()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ws-bench-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, Server.Export(X509ContentType.Pkcs12));
        return path;
    }

    /// <summary>The chain policy a raw <see cref="System.Net.Security.SslStream"/> client uses to trust <see cref="Root"/>.</summary>
    public X509ChainPolicy ClientChainPolicy()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(Root);
        return policy;
    }

    public void Dispose()
    {
        Root.Dispose();
        Server.Dispose();
    }
}
