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
    public static bool IsInternal(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return true;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork when written == 4 => IsInternalIpv4(bytes[..4]),
            AddressFamily.InterNetworkV6 when written == 16 => IsInternalIpv6(bytes[..16]),
            _ => true,
        };
    }

    /// <summary>An IPv4-mapped IPv6 address becomes the IPv4 address it carries, so the socket connects over IPv4.</summary>
    public static IPAddress Canonical(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static bool IsInternalIpv4(ReadOnlySpan<byte> a) => a[0] switch
    {
        0 => true,                          // 0.0.0.0/8 "this network"
        10 => true,                         // 10.0.0.0/8 private
        100 => (a[1] & 0xC0) == 64,         // 100.64.0.0/10 shared address space (CGNAT)
        127 => true,                        // 127.0.0.0/8 loopback
        169 => a[1] == 254,                 // 169.254.0.0/16 link-local, incl. 169.254.169.254 cloud metadata
        172 => (a[1] & 0xF0) == 16,         // 172.16.0.0/12 private
        192 => (a[1] == 168)                // 192.168.0.0/16 private
            || (a[1] == 0 && a[2] == 0),    // 192.0.0.0/24 IETF protocol assignments
        198 => (a[1] & 0xFE) == 18,         // 198.18.0.0/15 benchmarking
        >= 224 => true,                     // 224.0.0.0/4 multicast, 240.0.0.0/4 reserved, 255.255.255.255 broadcast
        _ => false,
    };

    private static bool IsInternalIpv6(ReadOnlySpan<byte> a)
    {
        if (a[..10].IndexOfAnyExcept((byte)0) < 0 && a[10] == 0xFF && a[11] == 0xFF)
        {
            return IsInternalIpv4(a[12..]); // ::ffff:0:0/96 IPv4-mapped
        }

        if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xFF && a[3] == 0x9B && a[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return IsInternalIpv4(a[12..]); // 64:ff9b::/96 well-known NAT64 prefix
        }

        // Only global unicast (2000::/3) is reachable. Outside it: ::/96 (unspecified, loopback, IPv4-compatible),
        // SIIT ::ffff:0:0:0/96, 100::/64 discard, 64:ff9b:1::/48 local NAT64, fc00::/7 unique local,
        // fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast, and every unassigned block.
        if ((a[0] & 0xE0) != 0x20)
        {
            return true;
        }

        if (a[0] == 0x20 && a[1] == 0x02)
        {
            return IsInternalIpv4(a[2..6]); // 2002::/16 6to4 carries an IPv4 address
        }

        if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0)
        {
            // 2001::/32 Teredo: the client's IPv4 address is the last 32 bits, inverted.
            Span<byte> client = [(byte)~a[12], (byte)~a[13], (byte)~a[14], (byte)~a[15]];
            return IsInternalIpv4(client);
        }

        return false;
    }
}
