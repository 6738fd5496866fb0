using System;
using System.Collections.Generic;

namespace WorkerSockets.Generators.Config;

internal enum ConfigNodeKind
{
    String,
    Integer,
    Float,
    Boolean,
    Array,
    Table,
    DateTime,
    Null,
}

/// <summary>A value read from TOML or JSONC, with its 0-based position; only lives inside one parse.</summary>
internal sealed class ConfigNode
{
    private ConfigNode(ConfigNodeKind kind, int line, int column)
    {
        Kind = kind;
        Line = line;
        Column = column;
    }

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public ConfigNodeKind Kind { get; }

    public int Line { get; }

    public int Column { get; }

    public string Text { get; private set; } = "";

    public long Integer { get; private set; }

    public double Float { get; private set; }

    /// <summary>An integer token that does not fit in a <see cref="long"/>; reported as WSK105 at its position.</summary>
    public bool OutOfRange { get; private set; }

    public bool Boolean { get; private set; }

    public List<ConfigNode> Items { get; } = new();

    /// <summary>Table members in file order; change them only through <see cref="Set"/>.</summary>
    public List<KeyValuePair<string, ConfigNode>> Members { get; } = new();

    /// <summary>For TOML: a table created implicitly by a dotted key or header, which a later header may still define.</summary>
    public bool Implicit { get; set; }

    /// <summary>For TOML: a table or array that may not be extended (inline tables, static arrays).</summary>
    public bool Sealed { get; set; }

    public static ConfigNode String(string text, int line, int column) => new(ConfigNodeKind.String, line, column) { Text = text };

    public static ConfigNode Int(long value, int line, int column) => new(ConfigNodeKind.Integer, line, column) { Integer = value };

    /// <summary>A TOML integer beyond 64 bits; <see cref="Text"/> holds its token, <see cref="OutOfRange"/> is set.</summary>
    public static ConfigNode OutOfRangeInt(string token, int line, int column) => new(ConfigNodeKind.Integer, line, column) { Text = token, OutOfRange = true };

    public static ConfigNode Real(double value, int line, int column) => new(ConfigNodeKind.Float, line, column) { Float = value };

    public static ConfigNode Bool(bool value, int line, int column) => new(ConfigNodeKind.Boolean, line, column) { Boolean = value };

    /// <summary>A TOML date-time; <see cref="Text"/> is the JSON string wrangler gives it (see <see cref="TomlDates"/>).</summary>
    public static ConfigNode DateTime(string text, int line, int column) => new(ConfigNodeKind.DateTime, line, column) { Text = text };

    public static ConfigNode Null(int line, int column) => new(ConfigNodeKind.Null, line, column);

    public static ConfigNode Array(int line, int column) => new(ConfigNodeKind.Array, line, column);

    public static ConfigNode Table(int line, int column) => new(ConfigNodeKind.Table, line, column);

    public ConfigNode? Get(string key) => _index.TryGetValue(key, out var i) ? Members[i].Value : null;

    /// <summary>Sets a member; JSON semantics (the last duplicate wins, in the first one's place).</summary>
    public void Set(string key, ConfigNode value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            Members[i] = new KeyValuePair<string, ConfigNode>(key, value);
            return;
        }

        _index[key] = Members.Count;
        Members.Add(new KeyValuePair<string, ConfigNode>(key, value));
    }
}

/// <summary>A syntax error at a 0-based line and column.</summary>
internal sealed class ConfigSyntaxException : Exception
{
    public ConfigSyntaxException(string message, int line, int column)
        : base(message)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}
