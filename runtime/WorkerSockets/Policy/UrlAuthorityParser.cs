namespace WorkerSockets.Policy;

/// <summary>
/// The part of the WHATWG URL parser that workerd's <c>connect()</c> exercises: the authority of
/// <c>"fake://" + address</c>, a URL with a non-special scheme (opaque host, IPv6 in brackets, no default port).
/// </summary>
/// <remarks>
/// Only what decides success, host and port is modelled. Userinfo, path, query and fragment cannot make the URL
/// parser fail, and the character check that follows rejects every address that has them.
/// </remarks>
internal static class UrlAuthorityParser
{
    /// <summary>Parses the authority; <paramref name="port"/> is -1 when the URL has no port.</summary>
    /// <returns><see langword="false"/> where the URL parser returns failure.</returns>
    public static bool TryParse(string address, out string host, out int port)
    {
        host = string.Empty;
        port = -1;
        var input = Preprocess(address);

        // Authority state: userinfo ends at the last '@' before the first '/', '?' or '#'.
        var hostStart = 0;
        var atSignSeen = false;
        var authorityEnd = 0;
        for (; authorityEnd < input.Length; authorityEnd++)
        {
            var c = input[authorityEnd];
            if (c == '@')
            {
                atSignSeen = true;
                hostStart = authorityEnd + 1;
            }
            else if (c is '/' or '?' or '#')
            {
                break;
            }
        }

        if (atSignSeen && hostStart == authorityEnd)
        {
            return false; // host-missing
        }

        // Host state: ends at a ':' outside brackets or at the end of the authority.
        var insideBrackets = false;
        var hostEnd = hostStart;
        for (; hostEnd < authorityEnd; hostEnd++)
        {
            var c = input[hostEnd];
            if (c == ':' && !insideBrackets)
            {
                break;
            }

            if (c == '[')
            {
                insideBrackets = true;
            }
            else if (c == ']')
            {
                insideBrackets = false;
            }
        }

        var buffer = input.AsSpan(hostStart, hostEnd - hostStart);
        if (hostEnd == authorityEnd)
        {
            return TryParseHost(buffer, out host);
        }

        if (buffer.IsEmpty || !TryParseHost(buffer, out host))
        {
            return false;
        }

        // Port state: ASCII digits up to the end of the authority; anything else fails, as does > 65535.
        var digits = input.AsSpan(hostEnd + 1, authorityEnd - hostEnd - 1);
        var value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            if (value > ushort.MaxValue)
            {
                return false;
            }
        }

        if (!digits.IsEmpty)
        {
            port = value;
        }

        return true;
    }

    /// <summary>The URL parser strips trailing C0 controls and spaces, and removes every tab and newline.</summary>
    private static string Preprocess(string address)
    {
        var end = address.Length;
        while (end > 0 && address[end - 1] <= ' ')
        {
            end--;
        }

        var trimmed = address.AsSpan(0, end);
        return trimmed.IndexOfAny('\t', '\n', '\r') < 0
            ? trimmed.ToString()
            : string.Create(trimmed.Length - CountTabsAndNewlines(trimmed), address[..end], static (span, source) =>
            {
                var i = 0;
                foreach (var c in source)
                {
                    if (c is not ('\t' or '\n' or '\r'))
                    {
                        span[i++] = c;
                    }
                }
            });
    }

    private static int CountTabsAndNewlines(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c is '\t' or '\n' or '\r')
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The host parser for a non-special URL: a bracketed IPv6 literal or an opaque host.</summary>
    private static bool TryParseHost(ReadOnlySpan<char> buffer, out string host)
    {
        host = string.Empty;
        if (!buffer.IsEmpty && buffer[0] == '[')
        {
            if (buffer[^1] != ']' || buffer.Length < 2 || !Ipv6Text.TryParse(buffer[1..^1], out var pieces))
            {
                return false;
            }

            host = Ipv6Text.Serialize(pieces);
            return true;
        }

        foreach (var c in buffer)
        {
            if (IsForbiddenHostCodePoint(c))
            {
                return false;
            }
        }

        // The URL parser percent-encodes C0 controls and non-ASCII here; such hosts fail the character check
        // that follows whatever their encoded form, so the raw text serves as the host.
        host = buffer.ToString();
        return true;
    }

    private static bool IsForbiddenHostCodePoint(char c) =>
        c is '\0' or '\t' or '\n' or '\r' or ' ' or '#' or '/' or ':' or '<' or '>' or '?' or '@' or '[' or '\\'
            or ']' or '^' or '|';
}
