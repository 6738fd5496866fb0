using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests.Connections;

public sealed class InboundTlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("worker-tls-").FullName;

    [Fact]
    public async Task A_configured_certificate_makes_the_endpoint_tls_and_the_handler_sees_a_secure_socket()
    {
        using var certificate = CreateCertificate();
        var path = Path.Combine(_directory, "server.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pw"));
        await using var host = await InboundConnection.StartAsync(
            async (socket, ctx) =>
            {
                await socket.WriteLineAsync(socket.SecureTransport.ToString());
                await socket.WriteLineAsync("echo: " + await socket.ReadLineAsync());
            },
            "--WorkerConnections:Certificate:Path", path,
            "--WorkerConnections:Certificate:Password", "pw");
        using var client = await InboundConnection.ConnectAsync(host);
        // The client trusts exactly this certificate: a real handshake against a pinned, self-signed server certificate.
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString());
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(TestTimeouts.Default);

        await tls.WriteAsync("hello\n");

        Assert.Equal("On\necho: hello\n", await tls.ReadToEndAsync());
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_loaded_fails_start_up_naming_the_setting()
    {
        var missing = Path.Combine(_directory, "missing.pfx");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => InboundConnection.StartAsync(
            (socket, ctx) => ValueTask.CompletedTask,
            "--WorkerConnections:Certificate:Path", missing));

        Assert.StartsWith($"WorkerConnections:Certificate:Path {missing}: the certificate could not be loaded: ", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
