using System.Buffers;
using System.Net;

namespace WorkerSockets.Policy;

/// <summary>What a host string names once numeric forms are normalised.</summary>
internal enum HostKind
{
    /// <summary>A name for DNS.</summary>
    Name,

    /// <summary>An IP literal in any form the platform's resolvers accept.</summary>
    Address,

    /// <summary>
    /// Neither: looks numeric but is no address (<c>256.1.1.1</c>, <c>1.2.3.4.5</c>), or is no valid name
    /// (empty labels, characters <c>Connect</c> refuses). Never handed to a resolver.
    /// </summary>
    Malformed,
}

/// <summary>
/// Recognises every numeric host form without the OS resolver: IPv4 as <c>inet_aton</c> and the WHATWG URL
/// standard read it (decimal <c>2130706433</c>, octal <c>0177.0.0.1</c>, hex <c>0x7f.1</c>, short <c>127.1</c>,
/// one trailing dot), and IPv6 with or without brackets and with an optional zone ID.
/// </summary>
internal static class NumericHost
{
    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._");

    /// <summary>Classifies <paramref name="host"/>; <paramref name="address"/> is set for <see cref="HostKind.Address"/>.</summary>
    public static HostKind Classify(string host, out IPAddress? address, out string name)
    {
        address = null;
        name = host;
        if (host.Length == 0 || host.Length > 1024)
        {
            return HostKind.Malformed;
        }

        var text = host.AsSpan();
        if (text[0] == '[' || text[^1] == ']')
        {
            if (text.Length < 2 || text[0] != '[' || text[^1] != ']')
            {
                return HostKind.Malformed;
            }

            text = text[1..^1];
            return TryParseIpv6(text, out address) ? HostKind.Address : HostKind.Malformed;
        }

        if (text.Contains(':'))
        {
            return TryParseIpv6(text, out address) ? HostKind.Address : HostKind.Malformed;
        }

        // One trailing dot marks a fully qualified name ("localhost.", "127.0.0.1.").
        if (text[^1] == '.')
        {
            text = text[..^1];
        }

        name = text.ToString();
        if (text.IsEmpty || text.ContainsAnyExcept(NameCharacters) || text[0] == '.' || text[^1] == '.'
            || text.Contains("..", StringComparison.Ordinal))
        {
            return HostKind.Malformed; // what Connect would refuse is never handed to a resolver either
        }

        if (!EndsInANumber(text))
        {
            return HostKind.Name;
        }

        if (!TryParseIpv4(text, out var value))
        {
            return HostKind.Malformed;
        }

        address = new IPAddress(new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value });
        return HostKind.Address;
    }

    /// <summary>The WHATWG "ends in a number" test: the last label is all digits, or <c>0x</c> followed by hex digits.</summary>
    private static bool EndsInANumber(ReadOnlySpan<char> text)
    {
        var last = text[(text.LastIndexOf('.') + 1)..];
        if (last.IsEmpty)
        {
            return false;
        }

        if (last.Length >= 2 && last[0] == '0' && (last[1] | 0x20) == 'x')
        {
            foreach (var c in last[2..])
            {
                if (!char.IsAsciiHexDigit(c))
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var c in last)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One to four parts, each decimal, octal (leading 0) or hex (0x); the last part fills the remaining bytes.</summary>
    private static bool TryParseIpv4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        Span<ulong> parts = stackalloc ulong[4];
        var count = 0;
        foreach (var range in text.Split('.'))
        {
            if (count == 4 || !TryParseIpv4Number(text[range], out parts[count]))
            {
                return false;
            }

            count++;
        }

        for (var i = 0; i < count - 1; i++)
        {
            if (parts[i] > 255)
            {
                return false;
            }
        }

        var lastBits = 8 * (5 - count);
        if (parts[count - 1] >= 1UL << lastBits)
        {
            return false;
        }

        ulong result = parts[count - 1];
        for (var i = 0; i < count - 1; i++)
        {
            result |= parts[i] << (8 * (3 - i));
        }

        value = (uint)result;
        return true;
    }

    private static bool TryParseIpv4Number(ReadOnlySpan<char> part, out ulong number)
    {
        number = 0;
        if (part.IsEmpty)
        {
            return false;
        }

        var radix = 10;
        if (part.Length >= 2 && part[0] == '0' && (part[1] | 0x20) == 'x')
        {
            part = part[2..];
            radix = 16;
        }
        else if (part.Length >= 2 && part[0] == '0')
        {
            part = part[1..];
            radix = 8;
        }

        foreach (var c in part)
        {
            int digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiHexDigit(c) ? (c | 0x20) - 'a' + 10 : radix;
            if (digit >= radix)
            {
                return false;
            }

            number = (number * (ulong)radix) + (ulong)digit;
            if (number > uint.MaxValue)
            {
                return false; // larger than any part can be; also keeps the arithmetic from overflowing
            }
        }

        return true;
    }

    /// <summary>IPv6 text with an optional <c>%zone</c>; the address part is parsed strictly (WHATWG).</summary>
    private static bool TryParseIpv6(ReadOnlySpan<char> text, out IPAddress? address)
    {
        address = null;
        var percent = text.IndexOf('%');
        var literal = percent < 0 ? text : text[..percent];
        var zone = percent < 0 ? [] : text[(percent + 1)..];
        if (percent >= 0 && (zone.IsEmpty || !IsZoneId(zone)))
        {
            return false;
        }

        if (!Ipv6Text.TryParse(literal, out var pieces))
        {
            return false;
        }

        var bytes = Ipv6Text.ToBytes(pieces);
        long scopeId = 0;
        if (!zone.IsEmpty && !long.TryParse(zone, System.Globalization.NumberStyles.None, null, out scopeId)
            && IPAddress.TryParse(text, out var withScope) && withScope.GetAddressBytes().AsSpan().SequenceEqual(bytes))
        {
            scopeId = withScope.ScopeId;
        }

        address = new IPAddress(bytes, scopeId is >= 0 and <= uint.MaxValue ? scopeId : 0);
        return true;
    }

    private static bool IsZoneId(ReadOnlySpan<char> zone)
    {
        foreach (var c in zone)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
