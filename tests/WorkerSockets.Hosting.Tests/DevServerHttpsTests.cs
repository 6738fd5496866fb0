using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests;

/// <summary><c>local_protocol = "https"</c>: real TLS with Kestrel's default certificate, here one the test makes and pins.</summary>
public sealed class DevServerHttpsTests
{
    [Theory]
    [InlineData("wrangler.toml", "[dev]\nlocal_protocol = \"https\"\n")]
    [InlineData("wrangler.jsonc", """{ "dev": { "local_protocol": "https" } }""")]
    public async Task Local_protocol_https_serves_tls_with_the_configured_default_certificate(string file, string config)
    {
        using var project = new TempDirectory();
        project.Write(file, config);
        using var certificate = CreateCertificate();
        var pfx = Path.Combine(project.Path, "dev.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pw"));

        await using var host = await DevServer.StartExactlyAsync(
            "--contentRoot", project.Path, "--port", "0",
            "--Kestrel:Certificates:Default:Path", pfx, "--Kestrel:Certificates:Default:Password", "pw");
        // The client trusts exactly this certificate: a real handshake against a pinned, self-signed server certificate.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString() };
        using var client = new HttpClient(handler) { BaseAddress = host.Address, Timeout = TestTimeouts.Default };

        Assert.Equal("https", host.Address.Scheme);
        Assert.Equal("hello from the defaults", await client.GetStringAsync("/greeting"));
    }

    [Fact]
    public async Task Wranglers_certificate_flags_take_a_pem_certificate_and_key()
    {
        using var project = new TempDirectory();
        using var certificate = CreateCertificate();
        var cert = project.Write("cert.pem", certificate.ExportCertificatePem());
        var key = project.Write("key.pem", certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        await using var host = await DevServer.StartExactlyAsync("--contentRoot", project.Path, "--port", "0", "--local-protocol", "https", "--https-cert-path", cert, "--https-key-path", key);
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString() };
        using var client = new HttpClient(handler) { BaseAddress = host.Address, Timeout = TestTimeouts.Default };

        Assert.Equal("https", host.Address.Scheme);
        Assert.Equal("hello from the defaults", await client.GetStringAsync("/greeting"));
    }

    [Fact]
    public async Task The_command_line_protocol_wins_over_the_configs()
    {
        using var project = new TempDirectory();
        project.Write("wrangler.toml", "[dev]\nlocal_protocol = \"https\"\n");

        await using var host = await DevServer.StartExactlyAsync("--contentRoot", project.Path, "--port", "0", "--local-protocol", "http");
        using var client = DevServer.ClientFor(host);

        Assert.Equal("http", host.Address.Scheme);
        Assert.Equal("hello from the defaults", await client.GetStringAsync("/greeting"));
    }

    [Fact]
    public async Task Without_any_certificate_https_is_one_error_line_saying_how_to_make_one()
    {
        using var project = new TempDirectory();
        project.Write("wrangler.toml", "[dev]\nlocal_protocol = \"https\"\n");
        var output = new OutputCapture();
        var errors = new StringWriter();
        using var stop = new CancellationTokenSource();
        try
        {
            var running = DevServer.RunAsync(["--contentRoot", project.Path, "--port", "0"], output, errors, stop.Token);
            await Task.WhenAny(output.WaitForAsync("Socket policy:"), running);
            await stop.CancelAsync();
            await running.WaitAsync(TestTimeouts.Default);

            // The development certificate lives in the user's store: a machine with one (dotnet dev-certs https) serves https.
            if (output.Lines.FirstOrDefault() is { } ready)
            {
                Assert.StartsWith("Ready on https://127.0.0.1:", ready, StringComparison.Ordinal);
                return;
            }

            var line = Assert.Single(errors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: local_protocol https: Unable to configure HTTPS endpoint. No server certificate was specified, and the default developer certificate could not be found", line, StringComparison.Ordinal);
            Assert.Contains("'dotnet dev-certs https'", line, StringComparison.Ordinal);
            Assert.EndsWith("Or configure one with Kestrel:Certificates:Default:Path (and :Password).", line, StringComparison.Ordinal);
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
