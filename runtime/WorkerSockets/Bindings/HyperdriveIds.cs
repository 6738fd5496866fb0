using System.Security.Cryptography;
using System.Text;

namespace WorkerSockets.Bindings;

/// <summary>Hyperdrive ids as host-name labels, and where a local connection string may come from.</summary>
internal static class HyperdriveIds
{
    /// <summary>wrangler's variable for a binding's local connection string, followed by the binding name.</summary>
    public const string LocalConnectionStringVariable = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_";

    /// <summary>The name wrangler 3 read, which wrangler 4 still accepts (deprecated); read after <see cref="LocalConnectionStringVariable"/>.</summary>
    public const string LegacyLocalConnectionStringVariable = "WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_";

    /// <summary>The config's id in lower case, or (none given) 32 hex digits made from the binding name: stable across runs, as ids on the platform look.</summary>
    public static bool TryNormalize(string? id, string bindingName, out string hostId)
    {
        if (id is null)
        {
            hostId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("hyperdrive:" + bindingName)).AsSpan(0, 16));
            return true;
        }

        hostId = id.ToLowerInvariant();
        return id.Length is > 0 and <= 63 && id[0] != '-' && id[^1] != '-' && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    }
}
