using System.ComponentModel;
using System.Text.Json;

namespace WorkerSockets.Bindings;

/// <summary>
/// Reads members of a JSON-object var for generated record types, without reflection (trim- and AOT-safe).
/// A missing member keeps the type's default; a member of the wrong kind throws <see cref="FormatException"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonVarReader
{
    /// <summary>Reads a string member.</summary>
    /// <param name="element">The JSON object.</param>
    /// <param name="name">The member name.</param>
    /// <returns>The string, or empty when the member is missing.</returns>
    public static string String(JsonElement element, string name) =>
        Member(element, name, JsonValueKind.String, "a string") is { } value ? value.GetString()! : "";

    /// <summary>Reads an integer member.</summary>
    /// <param name="element">The JSON object.</param>
    /// <param name="name">The member name.</param>
    /// <returns>The number, or 0 when the member is missing.</returns>
    public static long Int64(JsonElement element, string name) =>
        Member(element, name, JsonValueKind.Number, "an integer") is { } value
            ? value.TryGetInt64(out var number) ? number : throw new FormatException($"member '{name}' must be an integer")
            : 0;

    /// <summary>Reads a number member.</summary>
    /// <param name="element">The JSON object.</param>
    /// <param name="name">The member name.</param>
    /// <returns>The number, or 0 when the member is missing.</returns>
    public static double Double(JsonElement element, string name) =>
        Member(element, name, JsonValueKind.Number, "a number") is { } value ? value.GetDouble() : 0;

    /// <summary>Reads a boolean member.</summary>
    /// <param name="element">The JSON object.</param>
    /// <param name="name">The member name.</param>
    /// <returns>The boolean, or <see langword="false"/> when the member is missing.</returns>
    public static bool Boolean(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"member '{name}' must be true or false"),
        };
    }

    /// <summary>Reads a nested object member with its generated reader.</summary>
    /// <typeparam name="T">The generated record type.</typeparam>
    /// <param name="element">The JSON object.</param>
    /// <param name="name">The member name.</param>
    /// <param name="read">The nested record's reader.</param>
    /// <returns>The record; read from an empty object when the member is missing.</returns>
    public static T Object<T>(JsonElement element, string name, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (Member(element, name, JsonValueKind.Object, "an object") is { } value)
        {
            return read(value);
        }

        using var empty = JsonDocument.Parse("{}");
        return read(empty.RootElement);
    }

    /// <summary>Reads any member as raw JSON (arrays, null, deep values).</summary>
    /// <param name="element">The JSON object.</param>
    /// <param name="name">The member name.</param>
    /// <returns>A copy of the member that outlives its document; <c>default</c> when missing.</returns>
    public static JsonElement Element(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.Clone() : default;

    private static JsonElement? Member(JsonElement element, string name, JsonValueKind kind, string expected)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw new FormatException($"member '{name}' must be {expected}");
    }
}
