namespace WorkerSockets.Generators.Config;

/// <summary>
/// How messages about a config file write its shapes: in TOML's syntax for wrangler.toml (<c>[[hyperdrive]]</c>,
/// <c>binding = "NAME"</c>) and in JSON's for wrangler.json / wrangler.jsonc (<c>"hyperdrive": [{ ... }]</c>,
/// <c>"binding": "NAME"</c>), so the fix a message shows can be typed into the file it is about.
/// </summary>
internal sealed class ConfigWording
{
    public static readonly ConfigWording Toml = new(json: false);

    public static readonly ConfigWording Json = new(json: true);

    private readonly bool _json;

    private ConfigWording(bool json) => _json = json;

    /// <summary>A table key: <c>[vars]</c> or <c>"vars": { ... }</c>.</summary>
    public string Table(string key) => _json ? $"\"{key}\": {{ ... }}" : $"[{key}]";

    /// <summary>An array-of-tables key: <c>[[hyperdrive]]</c> or <c>"hyperdrive": [{ ... }]</c>.</summary>
    public string ArrayOfTables(string key) => _json ? $"\"{key}\": [{{ ... }}]" : $"[[{key}]]";

    /// <summary>A string field: <c>binding = "NAME"</c> or <c>"binding": "NAME"</c>.</summary>
    public string Field(string key, string value) => _json ? $"\"{key}\": \"{value}\"" : $"{key} = \"{value}\"";

    /// <summary>What "a table" is called in this syntax.</summary>
    public string TableNoun => _json ? "an object" : "a table";

    /// <summary>An environment: <c>[env.staging]</c> or <c>"env": { "staging": { ... } }</c>.</summary>
    public string Environment(string name) => _json ? $"\"env\": {{ \"{name}\": {{ ... }} }}" : $"[env.{name}]";

    /// <summary>How the key this package reads is written: vars and secrets are tables, hyperdrive an array of them.</summary>
    public string Place(string key) => key switch
    {
        "hyperdrive" => ArrayOfTables(key),
        "vars" or "secrets" or "env" => Table(key),
        _ => UnsupportedBindings.IsList(key) ? ArrayOfTables(key) : Table(key),
    };
}
