using System.Globalization;
using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace WorkerSockets.Hosting.LocalDev;

/// <summary>
/// What the dev server reads from the project's wrangler config at run time: the <c>[dev]</c> section (<c>port</c>,
/// <c>ip</c>, <c>local_protocol</c>) and the names of the <c>[env.&lt;name&gt;]</c> environments. Bindings are not read
/// here: the generator compiles them in.
/// </summary>
/// <param name="Path">The config file.</param>
/// <param name="Port"><c>[dev] port</c>, when set.</param>
/// <param name="Ip"><c>[dev] ip</c>, when set.</param>
/// <param name="LocalProtocol"><c>[dev] local_protocol</c>, when set.</param>
/// <param name="Environments">The environments the file declares.</param>
/// <param name="IgnoredDevKeys">Other <c>[dev]</c> keys, which the dev server does not use.</param>
internal sealed record WranglerDevConfig(string Path, int? Port, string? Ip, string? LocalProtocol, IReadOnlyList<string> Environments, IReadOnlyList<string> IgnoredDevKeys)
{
    /// <summary>The file names wrangler looks for, in the order it prefers them (the generator reads the same one).</summary>
    public static readonly string[] FileNames = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"];

    /// <summary>A <c>[dev]</c> key as the file spells it, for messages: <c>[dev] port in wrangler.toml</c>, <c>dev.port in wrangler.jsonc</c>.</summary>
    public string DescribeDevKey(string key) =>
        (Path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase) ? $"[dev] {key}" : $"dev.{key}") + " in " + System.IO.Path.GetFileName(Path);

    /// <summary>The wrangler config in <paramref name="directory"/> that wrangler would use, or null when there is none.</summary>
    public static string? Find(string directory) =>
        FileNames.Select(name => System.IO.Path.Combine(directory, name)).FirstOrDefault(File.Exists);

    /// <summary>Reads the dev server's settings from a wrangler config file.</summary>
    /// <exception cref="InvalidDataException">The file cannot be parsed (the build's generator reports that too).</exception>
    /// <exception cref="DevServerException">A <c>[dev]</c> value has the wrong type (wrangler refuses to start then too).</exception>
    public static WranglerDevConfig Read(string path)
    {
        var text = File.ReadAllText(path);
        var name = System.IO.Path.GetFileName(path);
        var root = path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase) ? ParseToml(text, name) : ParseJson(text, name);

        var dev = root.TryGetValue("dev", out var section) ? section as IDictionary<string, object> ?? throw Invalid(name, "dev", "a table") : null;
        var environments = root.TryGetValue("env", out var env) && env is IDictionary<string, object> table ? table.Keys.ToArray() : [];
        if (dev is null)
            return new WranglerDevConfig(path, null, null, null, environments, []);

        int? port = dev.TryGetValue("port", out var p) && p is not null
            ? p is long n && n is >= 0 and <= 65535 ? (int)n : throw Invalid(name, "dev.port", "a TCP port (0 to 65535)", p)
            : null;
        var ip = Text(dev, "ip", name);
        var protocol = Text(dev, "local_protocol", name);
        var ignored = dev.Keys.Where(k => k is not ("port" or "ip" or "local_protocol")).ToArray();
        return new WranglerDevConfig(path, port, ip, protocol, environments, ignored);
    }

    private static string? Text(IDictionary<string, object> dev, string key, string file) =>
        dev.TryGetValue(key, out var value) && value is not null
            ? value as string ?? throw Invalid(file, "dev." + key, "a string", value)
            : null;

    private static DevServerException Invalid(string file, string key, string expected, object? value = null) =>
        new($"{file}: {key} must be {expected}" + (value switch { null => "", string text => $", not \"{text}\"", _ => $", not {Convert.ToString(value, CultureInfo.InvariantCulture)}" }));

    private static IDictionary<string, object> ParseToml(string text, string file)
    {
        try
        {
            return TomlSerializer.Deserialize(text, WranglerTomlContext.Default.TomlTable) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new InvalidDataException($"{file} could not be read: {e.Message}", e);
        }
    }

    private static IDictionary<string, object> ParseJson(string text, string file)
    {
        try
        {
            // wrangler.json(c) allows comments and trailing commas.
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (IDictionary<string, object>)FromJson(document.RootElement)!
                : throw new InvalidDataException($"{file} could not be read: the top level is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} could not be read: {e.Message}", e);
        }
    }

    /// <summary>JSON as the same shapes the TOML model uses (tables as dictionaries, integers as long), so one reader serves both.</summary>
    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value)!),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToArray(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var n) ? (object)n : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}

/// <summary>Tomlyn's source-generated reader of the untyped model: no reflection, so a trimmed or AOT app reads the config too.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class WranglerTomlContext : TomlSerializerContext;
