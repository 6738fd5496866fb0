using System.Security.Cryptography.X509Certificates;

namespace WorkerSockets;

/// <summary>Decides where sockets may connect: blocked ports, denied address ranges, and extra trusted TLS roots.</summary>
public sealed class SocketPolicy
{
    private SocketPolicy()
    {
    }

    /// <summary>Denies port 25 and loopback, private, link-local, CGNAT, multicast and unspecified destinations.</summary>
    public static SocketPolicy Production => throw new NotImplementedException();

    /// <summary>As <c>wrangler dev</c>: denies port 25, allows loopback and private ranges.</summary>
    public static SocketPolicy Development => throw new NotImplementedException();

    /// <summary>Whether loopback, private and link-local destinations are allowed.</summary>
    public bool AllowPrivateNetworks { get; private init; }

    /// <summary>Certificates trusted as roots in addition to the system store (for a local database with its own certificate).</summary>
    public X509Certificate2Collection TrustedRoots { get; private init; } = [];

    /// <summary>Returns a copy of this policy that also trusts <paramref name="roots"/> as TLS root certificates.</summary>
    /// <param name="roots">The extra roots.</param>
    /// <returns>The new policy.</returns>
    public SocketPolicy WithTrustedRoots(params X509Certificate2[] roots) => throw new NotImplementedException();

    /// <summary>Throws <see cref="SocketPolicyException"/> (at <c>Connect</c>) for a blocked port such as 25.</summary>
    internal void EnsurePortAllowed(int port) => throw new NotImplementedException();

    /// <summary>
    /// Resolves <paramref name="host"/> once (normalising numeric forms), checks every address, and returns the checked
    /// addresses to connect to; throws <see cref="SocketPolicyException"/> when any is denied.
    /// </summary>
    internal ValueTask<System.Net.IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken) => throw new NotImplementedException();
}
