using System.Globalization;

namespace WorkerSockets.Generators.Config;

/// <summary>TOML integer (decimal, <c>0x</c>, <c>0o</c>, <c>0b</c>, with <c>_</c> separators) and float literals.</summary>
internal static class TomlNumbers
{
    public static bool TryParseInteger(string token, out long value) => TryParseInteger(token, out value, out _);

    /// <summary>Parses a TOML integer; <paramref name="outOfRange"/> says the token is an integer that does not fit 64 bits (TOML: an error, never a lossy float).</summary>
    public static bool TryParseInteger(string token, out long value, out bool outOfRange)
    {
        value = 0;
        outOfRange = false;
        var sign = 1;
        var body = token;
        if (body.StartsWith("+") || body.StartsWith("-"))
        {
            sign = body[0] == '-' ? -1 : 1;
            body = body.Substring(1);
        }

        var radix = 10;
        if (body.Length > 2 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
        {
            if (!ReferenceEquals(body, token))
            {
                return false;
            }

            radix = body[1] == 'x' ? 16 : body[1] == 'o' ? 8 : 2;
            body = body.Substring(2);
        }
        else if (body.Length > 1 && body[0] == '0')
        {
            return false;
        }

        if (!ValidUnderscores(body))
        {
            return false;
        }

        body = body.Replace("_", "");
        if (body.Length == 0)
        {
            return false;
        }

        try
        {
            if (radix == 10)
            {
                if (!ulong.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    outOfRange = body.Length > 19 && AllDigits(body);
                    return false;
                }

                value = long.Parse((sign < 0 ? "-" : "") + body, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                return true;
            }

            foreach (var c in body)
            {
                var digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : radix;
                if (digit >= radix)
                {
                    return false;
                }
            }

            value = System.Convert.ToInt64(body, radix);
            outOfRange = value < 0;
            return value >= 0;
        }
        catch (System.OverflowException)
        {
            outOfRange = true;
            return false;
        }
        catch (System.FormatException)
        {
            return false;
        }
    }

    public static bool TryParseFloat(string token, out double value)
    {
        value = 0;
        var body = token.TrimStart('+', '-');
        switch (body)
        {
            case "inf":
                value = token[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            case "nan":
                value = double.NaN;
                return true;
        }

        if (body.Length == 0 || !char.IsDigit(body[0]) || !char.IsDigit(body[body.Length - 1]) || !ValidUnderscores(body))
        {
            return false;
        }

        var dot = body.IndexOf('.');
        if (dot >= 0 && !char.IsDigit(body[dot + 1]))
        {
            return false;
        }

        if (body.Length > 1 && body[0] == '0' && char.IsDigit(body[1]))
        {
            return false;
        }

        foreach (var c in body)
        {
            if (!(char.IsDigit(c) || c is '.' or 'e' or 'E' or '+' or '-' or '_'))
            {
                return false;
            }
        }

        return double.TryParse(token.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool AllDigits(string body)
    {
        foreach (var c in body)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool ValidUnderscores(string body)
    {
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '_' && (i == 0 || i == body.Length - 1 || !char.IsLetterOrDigit(body[i - 1]) || !char.IsLetterOrDigit(body[i + 1])))
            {
                return false;
            }
        }

        return true;
    }
}
