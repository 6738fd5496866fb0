using System.Globalization;
using System.Net;
using CsCheck;

namespace WorkerSockets.Tests.Policy;

/// <summary>Denied (and, as a control, public) destinations written in every numeric form resolvers accept.</summary>
internal static class DestinationGenerators
{
    /// <summary>(network, prefix length) of every IPv4 range production denies, written out independently of the code under test.</summary>
    private static readonly (uint Network, int Prefix)[] DeniedIpv4Ranges =
    [
        (0x00000000, 8), (0x0A000000, 8), (0x64400000, 10), (0x7F000000, 8), (0xA9FE0000, 16), (0xAC100000, 12),
        (0xC0000000, 24), (0xC0A80000, 16), (0xC6120000, 15), (0xE0000000, 4), (0xF0000000, 4),
    ];

    /// <summary>First octets that are public unicast throughout their /8.</summary>
    private static readonly byte[] PublicFirstOctets = [1, 8, 9, 23, 45, 51, 64, 77, 93, 104, 128, 151, 185, 203, 208, 216];

    public static readonly Gen<uint> DeniedIpv4 =
        Gen.Select(Gen.Int[0, DeniedIpv4Ranges.Length - 1], Gen.UInt, (range, bits) =>
        {
            var (network, prefix) = DeniedIpv4Ranges[range];
            return network | (bits & (uint.MaxValue >> prefix));
        });

    public static readonly Gen<uint> PublicIpv4 =
        Gen.Select(Gen.Int[0, PublicFirstOctets.Length - 1], Gen.UInt, (i, bits) => ((uint)PublicFirstOctets[i] << 24) | (bits & 0xFFFFFF));

    /// <summary>IPv6 addresses denied on their own: loopback, unspecified, ULA, link-local, site-local, multicast, discard.</summary>
    public static readonly Gen<byte[]> DeniedIpv6 =
        Gen.Select(Gen.Int[0, 6], Gen.Byte.Array[16], (kind, random) =>
        {
            var bytes = (byte[])random.Clone();
            switch (kind)
            {
                case 0: // ::1 and ::
                    Array.Clear(bytes);
                    bytes[15] = (byte)(random[0] & 1);
                    break;
                case 1: // fc00::/7
                    bytes[0] = (byte)(0xFC | (random[0] & 1));
                    break;
                case 2: // fe80::/10
                    bytes[0] = 0xFE;
                    bytes[1] = (byte)(0x80 | (random[1] & 0x3F));
                    break;
                case 3: // fec0::/10
                    bytes[0] = 0xFE;
                    bytes[1] = (byte)(0xC0 | (random[1] & 0x3F));
                    break;
                case 4: // ff00::/8
                    bytes[0] = 0xFF;
                    break;
                case 5: // 100::/64
                    bytes[0] = 0x01;
                    Array.Clear(bytes, 1, 7);
                    break;
                default: // 64:ff9b:1::/48
                    byte[] prefix = [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01];
                    prefix.CopyTo(bytes, 0);
                    break;
            }

            return bytes;
        });

    /// <summary>One IPv4 address as plain IPv4 text: 1 to 4 parts, each decimal, octal or hex, optional trailing dot.</summary>
    public static Gen<string> Ipv4Text(Gen<uint> addresses) =>
        Gen.Select(addresses, Gen.Int[1, 4], Gen.Int[0, 2].Array[4], Gen.Int[0, 3].Array[4], Gen.Bool, Gen.Bool,
            (address, partCount, radixes, zeros, upper, trailingDot) =>
            {
                var parts = new List<string>();
                for (var i = 0; i < partCount; i++)
                {
                    var last = i == partCount - 1;
                    var value = last ? address & (uint.MaxValue >> (8 * i)) : (address >> (8 * (3 - i))) & 0xFF;
                    parts.Add(FormatNumber(value, radixes[i], zeros[i], upper));
                }

                return string.Join('.', parts) + (trailingDot ? "." : string.Empty);
            });

    /// <summary>An IPv4 address inside IPv6 text: mapped, compatible, NAT64 or 6to4 (and Teredo), bracketed or not.</summary>
    public static Gen<string> EmbeddedIpv4Text(Gen<uint> addresses) =>
        Gen.Select(addresses, Gen.Int[0, 5], Gen.Bool, Gen.Bool, Gen.Bool, (address, form, dotted, brackets, upper) =>
        {
            var v4 = dotted ? $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}"
                            : $"{address >> 16:x}:{address & 0xFFFF:x}";
            var text = form switch
            {
                0 => "::ffff:" + v4,
                1 => "0:0:0:0:0:ffff:" + v4,
                2 => "::" + v4,
                3 => "64:ff9b::" + v4,
                4 => $"2002:{address >> 16:x}:{address & 0xFFFF:x}::1",
                _ => $"2001:0:4136:e378:8000:63bf:{(~address >> 16) & 0xFFFF:x}:{~address & 0xFFFF:x}",
            };
            text = upper ? text.ToUpperInvariant() : text;
            return brackets ? "[" + text + "]" : text;
        });

    /// <summary>An IPv6 address as text: full, leading zeros, compressed, upper case, bracketed, with a zone ID.</summary>
    public static Gen<string> Ipv6Text(Gen<byte[]> addresses) =>
        Gen.Select(addresses, Gen.Int[0, 2], Gen.Bool, Gen.Bool, Gen.Int[0, 3], (bytes, style, upper, brackets, zone) =>
        {
            var pieces = Enumerable.Range(0, 8).Select(i => (bytes[2 * i] << 8) | bytes[(2 * i) + 1]).ToArray();
            var text = style switch
            {
                0 => string.Join(':', pieces.Select(p => p.ToString("x4", CultureInfo.InvariantCulture))),
                1 => string.Join(':', pieces.Select(p => p.ToString("x", CultureInfo.InvariantCulture))),
                _ => new IPAddress(bytes).ToString(),
            };
            text = upper ? text.ToUpperInvariant() : text;
            text += zone switch
            {
                1 => "%eth0",
                2 => "%1",
                3 => "%25lo",
                _ => string.Empty,
            };
            return brackets ? "[" + text + "]" : text;
        });

    /// <summary>Every written form of a denied destination.</summary>
    public static readonly Gen<string> DeniedDestination = Gen.Frequency(
        (4, Ipv4Text(DeniedIpv4)),
        (3, EmbeddedIpv4Text(DeniedIpv4)),
        (3, Ipv6Text(DeniedIpv6)));

    private static string FormatNumber(uint value, int radix, int extraZeros, bool upper) => radix switch
    {
        0 => value.ToString(CultureInfo.InvariantCulture),
        1 => "0" + new string('0', extraZeros) + Convert.ToString(value, 8),
        _ => (upper ? "0X" : "0x") + new string('0', extraZeros) + value.ToString(upper ? "X" : "x", CultureInfo.InvariantCulture),
    };
}

