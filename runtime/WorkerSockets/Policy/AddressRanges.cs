using System.Net;
using System.Net.Sockets;

namespace WorkerSockets.Policy;

/// <summary>The special-purpose ranges a production socket must not reach (IANA's IPv4 and IPv6 registries).</summary>
internal static class AddressRanges
{
    /// <summary>
    /// Whether <paramref name="address"/> is loopback, private, link-local, shared (CGNAT), unspecified, multicast,
    /// broadcast or reserved — directly, or as an IPv4 address embedded in IPv6 (mapped, compatible, NAT64, 6to4, Teredo).
    /// </summary>
    public static bool IsInternal(IPAddress address) => InternalKind(address) is not null;

    /// <summary>
    /// What kind of internal address <paramref name="address"/> is ("a loopback address", "the cloud metadata address"),
    /// or <see langword="null"/> for a public one. The phrase never contains the address itself: it may reach a log that
    /// the destination's owner should not learn a private address from.
    /// </summary>
    public static string? InternalKind(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return Reserved;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork when written == 4 => InternalIpv4(bytes[..4]),
            AddressFamily.InterNetworkV6 when written == 16 => InternalIpv6(bytes[..16]),
            _ => Reserved,
        };
    }

    /// <summary>An IPv4-mapped IPv6 address becomes the IPv4 address it carries, so the socket connects over IPv4.</summary>
    public static IPAddress Canonical(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private const string Private = "a private address (RFC 1918)";
    private const string Reserved = "a reserved address";
    private const string Loopback = "a loopback address";
    private const string LinkLocal = "a link-local address";
    private const string Multicast = "a multicast address";

    private static string? InternalIpv4(ReadOnlySpan<byte> a) => a[0] switch
    {
        0 => "an address of 0.0.0.0/8 (\"this network\")",
        10 => Private,
        100 when (a[1] & 0xC0) == 64 => "a shared address (CGNAT, 100.64.0.0/10)",
        127 => Loopback,
        169 when a[1] == 254 => a[2] == 169 && a[3] == 254 ? "the cloud metadata address" : LinkLocal,
        172 when (a[1] & 0xF0) == 16 => Private,
        192 when a[1] == 168 => Private,
        192 when a[1] == 0 && a[2] == 0 => "an IETF protocol assignment address (192.0.0.0/24)",
        198 when (a[1] & 0xFE) == 18 => "a benchmarking address (198.18.0.0/15)",
        >= 224 and < 240 => Multicast,
        >= 240 => "a reserved or broadcast address",
        _ => null,
    };

    private static string? InternalIpv6(ReadOnlySpan<byte> a)
    {
        if (a[..10].IndexOfAnyExcept((byte)0) < 0 && a[10] == 0xFF && a[11] == 0xFF)
        {
            return InternalIpv4(a[12..]); // ::ffff:0:0/96 IPv4-mapped
        }

        if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xFF && a[3] == 0x9B && a[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return InternalIpv4(a[12..]); // 64:ff9b::/96 well-known NAT64 prefix
        }

        // Only global unicast (2000::/3) is reachable. Outside it: ::/96 (unspecified, loopback, IPv4-compatible),
        // SIIT ::ffff:0:0:0/96, 100::/64 discard, 64:ff9b:1::/48 local NAT64, fc00::/7 unique local,
        // fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast, and every unassigned block.
        if ((a[0] & 0xE0) != 0x20)
        {
            return NonGlobalIpv6(a);
        }

        if (a[0] == 0x20 && a[1] == 0x02)
        {
            return InternalIpv4(a[2..6]); // 2002::/16 6to4 carries an IPv4 address
        }

        if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0)
        {
            // 2001::/32 Teredo: the client's IPv4 address is the last 32 bits, inverted.
            Span<byte> client = [(byte)~a[12], (byte)~a[13], (byte)~a[14], (byte)~a[15]];
            return InternalIpv4(client);
        }

        return null;
    }

    private static string NonGlobalIpv6(ReadOnlySpan<byte> a)
    {
        if (a[..15].IndexOfAnyExcept((byte)0) < 0)
        {
            return a[15] switch
            {
                0 => "the unspecified address",
                1 => Loopback,
                _ => Reserved,
            };
        }

        return a[0] switch
        {
            0xFC or 0xFD => "a unique local address (fc00::/7)",
            0xFE when (a[1] & 0xC0) == 0x80 => LinkLocal,
            0xFF => Multicast,
            _ => Reserved,
        };
    }
}
