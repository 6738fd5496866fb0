using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace WorkerSockets.Generators.Config;

/// <summary>
/// TOML date-times as a Worker sees them: wrangler (smol-toml) reads one as a Date, uploads it as JSON, so the var is the
/// string its <c>toISOString()</c> gives — <c>2024-10-01</c>, <c>07:32:00.000</c>, <c>1979-05-27T07:32:00.000Z</c>,
/// <c>1979-05-27T00:32:00.000-07:00</c> (milliseconds, the offset as written, local forms without one).
/// </summary>
internal static class TomlDates
{
    private static readonly Regex s_dateTime = new(
        @"^(?:(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2}))?(?:(?<sep>^|[Tt ])(?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(?:\.(?<f>\d+))?)?(?<z>[Zz]|[+-]\d{2}:\d{2})?$",
        RegexOptions.CultureInvariant);

    /// <summary>Whether a bare token is shaped like a date or time (so a bad one is reported as a date-time, not as "invalid value").</summary>
    public static bool LooksLikeDateTime(string token) =>
        token.Length >= 8 && char.IsDigit(token[0]) && (token.IndexOf('-') == 4 || token.IndexOf(':') == 2);

    /// <summary>The JSON text wrangler gives the date-time, or null when the token is not a valid TOML date-time.</summary>
    public static string? ToJson(string token)
    {
        var match = s_dateTime.Match(token);
        var hasDate = match.Groups["y"].Success;
        var hasTime = match.Groups["h"].Success;
        if (!match.Success || (!hasDate && !hasTime) || (match.Groups["z"].Success && !(hasDate && hasTime)))
        {
            return null;
        }

        var date = "";
        if (hasDate)
        {
            int year = Number(match, "y"), month = Number(match, "mo"), day = Number(match, "d");
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
            {
                return null;
            }

            date = match.Groups["y"].Value + "-" + match.Groups["mo"].Value + "-" + match.Groups["d"].Value;
            if (!hasTime)
            {
                return date;
            }
        }

        if (Number(match, "h") > 23 || Number(match, "mi") > 59 || Number(match, "s") > 59)
        {
            return null;
        }

        var milliseconds = (match.Groups["f"].Value + "000").Substring(0, 3);
        var time = $"{match.Groups["h"].Value}:{match.Groups["mi"].Value}:{match.Groups["s"].Value}.{milliseconds}";
        if (!hasDate)
        {
            return time;
        }

        var offset = match.Groups["z"].Value.ToUpperInvariant();
        if (offset.Length == 6 && (Number(offset.Substring(1, 2)) > 23 || Number(offset.Substring(4, 2)) > 59))
        {
            return null;
        }

        return date + "T" + time + offset;
    }

    private static int Number(Match match, string group) => Number(match.Groups[group].Value);

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
}
