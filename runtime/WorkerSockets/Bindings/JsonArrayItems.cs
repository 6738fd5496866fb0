using System.ComponentModel;
using System.Text.Json;

namespace WorkerSockets.Bindings;

/// <summary>
/// Reads the elements of an array var for generated <c>Bind</c> methods, without reflection (trim- and AOT-safe).
/// An element of the wrong kind throws <see cref="FormatException"/>, which the reader reports for the binding.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonArrayItems
{
    /// <summary>Reads a string element.</summary>
    /// <param name="item">The element.</param>
    /// <returns>The string.</returns>
    public static string String(JsonElement item) =>
        item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Wrong(item, "a string");

    /// <summary>Reads an integer element.</summary>
    /// <param name="item">The element.</param>
    /// <returns>The integer.</returns>
    public static long Int64(JsonElement item) =>
        item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out var value) ? value : throw Wrong(item, "a 64-bit integer");

    /// <summary>Reads a number element.</summary>
    /// <param name="item">The element.</param>
    /// <returns>The number.</returns>
    public static double Double(JsonElement item) =>
        item.ValueKind == JsonValueKind.Number ? item.GetDouble() : throw Wrong(item, "a number");

    /// <summary>Reads a boolean element.</summary>
    /// <param name="item">The element.</param>
    /// <returns>The boolean.</returns>
    public static bool Boolean(JsonElement item) => item.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Wrong(item, "true or false"),
    };

    private static FormatException Wrong(JsonElement item, string expected) =>
        new($"an element is {item.ValueKind.ToString().ToLowerInvariant()}, not {expected}");
}
