using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace WorkerSockets.Hosting;

/// <summary>
/// The certificate for TLS on inbound connections, from configuration: <c>WorkerConnections:Certificate:Path</c> (a PFX
/// file, or a PEM certificate with <c>KeyPath</c>) and an optional <c>Password</c>. No section, no TLS.
/// </summary>
public static class WorkerConnectionCertificate
{
    /// <summary>The configuration section that holds the certificate settings.</summary>
    public const string SectionName = "WorkerConnections:Certificate";

    /// <summary>Loads the configured certificate; <see langword="null"/> when none is configured.</summary>
    /// <param name="configuration">The app's configuration.</param>
    /// <returns>The certificate with its private key, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidOperationException">A certificate is configured but cannot be loaded; the message says which setting and why.</exception>
    public static X509Certificate2? Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var path = section["Path"];
        var keyPath = section["KeyPath"];
        var password = section["Password"];
        if (string.IsNullOrEmpty(path))
        {
            return string.IsNullOrEmpty(keyPath)
                ? null
                : throw new InvalidOperationException($"{SectionName}:KeyPath is set but {SectionName}:Path is not: give the certificate file too.");
        }

        try
        {
            var certificate = string.IsNullOrEmpty(keyPath)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                : string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"{SectionName}:Path {path}: the certificate has no private key, so it cannot serve TLS.");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{SectionName}:Path {path}: the certificate could not be loaded: {e.Message}", e);
        }
    }
}
