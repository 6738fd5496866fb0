using System.Text;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>
/// A startup packet's parameters, as the pool needs them: the user and database, and only those other parameters that
/// could change what a query returns. Harmless ones are checked for layout and skipped without being decoded, so a
/// typical login (user, database, client_encoding, application_name) builds no table and decodes two strings (P7).
/// </summary>
internal readonly struct StartupParameters
{
    // Startup parameters that change nothing a query returns, so any value is accepted.
    private static readonly byte[][] Harmless =
    [
        "client_encoding"u8.ToArray(), "application_name"u8.ToArray(), "extra_float_digits"u8.ToArray(), "fallback_application_name"u8.ToArray(),
    ];

    private StartupParameters(string user, string? database, List<KeyValuePair<string, string>>? others)
    {
        User = user;
        Database = database;
        Others = others;
    }

    /// <summary>The <c>user</c> parameter; empty when absent.</summary>
    public string User { get; }

    /// <summary>The <c>database</c> parameter; null when absent.</summary>
    public string? Database { get; }

    /// <summary>Every other parameter that is not harmless, last value per name; null when there is none.</summary>
    public List<KeyValuePair<string, string>>? Others { get; }

    /// <summary>Reads the name/value pairs after the protocol version; false when the layout is broken.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out StartupParameters parameters)
    {
        parameters = default;
        string user = "";
        string? database = null;
        List<KeyValuePair<string, string>>? others = null;
        while (body.Length > 1)
        {
            int nameEnd = body.IndexOf((byte)0);
            if (nameEnd <= 0)
            {
                return false;
            }

            var name = body[..nameEnd];
            var rest = body[(nameEnd + 1)..];
            int valueEnd = rest.IndexOf((byte)0);
            if (valueEnd < 0)
            {
                return false;
            }

            var value = rest[..valueEnd];
            body = rest[(valueEnd + 1)..];
            if (name.SequenceEqual("user"u8))
            {
                user = Encoding.UTF8.GetString(value);
            }
            else if (name.SequenceEqual("database"u8))
            {
                database = Encoding.UTF8.GetString(value);
            }
            else if (!IsHarmless(name))
            {
                others ??= [];
                var pair = KeyValuePair.Create(Encoding.UTF8.GetString(name), Encoding.UTF8.GetString(value));
                int known = others.FindIndex(p => p.Key == pair.Key);
                if (known >= 0)
                {
                    others[known] = pair;
                }
                else
                {
                    others.Add(pair);
                }
            }
        }

        if (body.Length != 1 || body[0] != 0)
        {
            return false;
        }

        parameters = new StartupParameters(user, database, others);
        return true;
    }

    private static bool IsHarmless(ReadOnlySpan<byte> name)
    {
        foreach (var harmless in Harmless)
        {
            if (name.SequenceEqual(harmless))
            {
                return true;
            }
        }

        return false;
    }
}
