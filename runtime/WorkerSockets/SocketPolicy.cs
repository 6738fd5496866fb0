using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using WorkerSockets.Policy;

namespace WorkerSockets;

/// <summary>Decides where sockets may connect: blocked ports, denied address ranges, and extra trusted TLS roots.</summary>
/// <remarks>
/// A policy is immutable: <see cref="WithTrustedRoots"/> returns a copy, and <see cref="TrustedRoots"/> hands out a
/// copy of the collection, so no handler can change what another request is allowed to reach.
/// </remarks>
public sealed class SocketPolicy
{
    private const int SmtpPort = 25;

    private static readonly FrozenSet<int> DefaultBlockedPorts = FrozenSet.ToFrozenSet([SmtpPort]);

    private static readonly Func<string, CancellationToken, Task<IPAddress[]>> SystemResolver =
        static (name, cancellationToken) => Dns.GetHostAddressesAsync(name, cancellationToken);

    private readonly X509Certificate2[] trustedRoots;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> resolver;

    private SocketPolicy(
        bool allowPrivateNetworks,
        X509Certificate2[] trustedRoots,
        Func<string, CancellationToken, Task<IPAddress[]>> resolver)
    {
        AllowPrivateNetworks = allowPrivateNetworks;
        this.trustedRoots = trustedRoots;
        this.resolver = resolver;
    }

    /// <summary>Denies port 25 and loopback, private, link-local, CGNAT, multicast and unspecified destinations.</summary>
    public static SocketPolicy Production { get; } = new(allowPrivateNetworks: false, [], SystemResolver);

    /// <summary>As <c>wrangler dev</c>: denies port 25, allows loopback and private ranges.</summary>
    public static SocketPolicy Development { get; } = new(allowPrivateNetworks: true, [], SystemResolver);

    /// <summary>Whether loopback, private and link-local destinations are allowed.</summary>
    public bool AllowPrivateNetworks { get; }

    /// <summary>Ports no socket may connect to, whatever the address: port 25 (SMTP relay).</summary>
    public IReadOnlySet<int> BlockedPorts => DefaultBlockedPorts;

    /// <summary>Certificates trusted as roots in addition to the system store (for a local database with its own certificate).</summary>
    /// <remarks>Each read returns a new collection; adding to it does not change the policy.</remarks>
    public X509Certificate2Collection TrustedRoots => new(trustedRoots);

    /// <summary>Returns a copy of this policy that also trusts <paramref name="roots"/> as TLS root certificates.</summary>
    /// <param name="roots">The extra roots.</param>
    /// <returns>The new policy.</returns>
    public SocketPolicy WithTrustedRoots(params X509Certificate2[] roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        foreach (var root in roots)
        {
            ArgumentNullException.ThrowIfNull(root, nameof(roots));
        }

        return new SocketPolicy(AllowPrivateNetworks, [.. trustedRoots, .. roots], resolver);
    }

    /// <summary>A copy of this policy that resolves names with <paramref name="nameResolver"/> (tests use a fake DNS).</summary>
    internal SocketPolicy WithResolver(Func<string, CancellationToken, Task<IPAddress[]>> nameResolver)
    {
        ArgumentNullException.ThrowIfNull(nameResolver);
        return new SocketPolicy(AllowPrivateNetworks, trustedRoots, nameResolver);
    }

    /// <summary>Throws <see cref="SocketPolicyException"/> (at <c>Connect</c>) for a blocked port such as 25.</summary>
    internal void EnsurePortAllowed(int port)
    {
        if (BlockedPorts.Contains(port))
        {
            throw new SocketPolicyException(
                $"Port {port} is blocked: outbound connections to SMTP port 25 are not allowed. "
                + "To send email, use SMTP submission on port 587 (STARTTLS) or 465 (implicit TLS), or an email API.");
        }
    }

    /// <summary>Whether a socket may connect to <paramref name="address"/> under this policy.</summary>
    internal bool IsAddressAllowed(IPAddress address) =>
        AllowPrivateNetworks || !AddressRanges.IsInternal(address);

    /// <summary>
    /// Resolves <paramref name="host"/> once (normalising numeric forms), checks every address, and returns the checked
    /// addresses to connect to; throws <see cref="SocketPolicyException"/> when any is denied.
    /// </summary>
    /// <remarks>
    /// Numeric forms never reach a resolver. A name that resolves to no address throws
    /// <see cref="SocketException"/> (<see cref="SocketError.HostNotFound"/>); resolver errors propagate.
    /// </remarks>
    internal async ValueTask<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (TryResolveWithoutLookup(host, out var name) is { } literal)
        {
            return [literal];
        }

        var resolved = await resolver(name, cancellationToken).ConfigureAwait(false);
        if (resolved is null || resolved.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var allowed = new IPAddress[resolved.Length];
        for (var i = 0; i < resolved.Length; i++)
        {
            // Every address is checked before any is used: one internal answer denies the name (DNS rebinding).
            allowed[i] = EnsureAllowed(resolved[i]);
        }

        return allowed.Distinct().ToArray();
    }

    /// <summary>
    /// The synchronous part of <see cref="ResolveAllowedAsync"/>: the checked address of an IP literal, or
    /// <see langword="null"/> when <paramref name="host"/> is a name that needs a lookup (<paramref name="name"/>).
    /// </summary>
    /// <exception cref="SocketPolicyException">The host is malformed or the address is not allowed.</exception>
    internal IPAddress? TryResolveWithoutLookup(string host, out string name)
    {
        switch (NumericHost.Classify(host, out var literal, out name))
        {
            case HostKind.Address:
                return EnsureAllowed(literal!);
            case HostKind.Malformed:
                throw DestinationNotAllowed("not a valid IP address or host name");
            default:
                return null;
        }
    }

    private IPAddress EnsureAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!AllowPrivateNetworks && AddressRanges.InternalKind(address) is { } kind)
        {
            throw DestinationNotAllowed(kind);
        }

        return AddressRanges.Canonical(address);
    }

    // The kind of address, never the address: a resolved private address must not reach whoever reads the error.
    private static SocketPolicyException DestinationNotAllowed(string kind) =>
        new($"The destination is not allowed by the socket policy: it is {kind}.", kind);
}
