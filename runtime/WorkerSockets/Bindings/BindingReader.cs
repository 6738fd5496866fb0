using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace WorkerSockets.Bindings;

/// <summary>
/// Reads binding values for generated <c>Bind</c> methods and collects every missing or malformed binding,
/// so that <see cref="ThrowIfFailed"/> reports them all in one <see cref="WorkerBindingException"/>.
/// Problems name the binding and its kind; a secret's or a connection string's value is never repeated.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class BindingReader
{
    private readonly Func<string, string?> _bindings;
    private readonly List<string> _problems = [];

    /// <summary>Creates a reader over a binding lookup.</summary>
    /// <param name="bindings">Looks up a binding's raw value by name; <see langword="null"/> when it is not set.</param>
    public BindingReader(Func<string, string?> bindings)
        : this(new WorkerBindings(bindings))
    {
    }

    /// <summary>Creates a reader over the bindings a host handed to <c>Bind</c>.</summary>
    /// <param name="bindings">Where binding values come from, and how the host reads them.</param>
    public BindingReader(WorkerBindings bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        Bindings = bindings;
        _bindings = bindings.Lookup;
    }

    /// <summary>Where binding values come from, and how the host reads them.</summary>
    public WorkerBindings Bindings { get; }

    /// <summary>The problems found so far, one line per binding.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Reads a string variable.</summary>
    /// <param name="name">The binding name.</param>
    /// <param name="defaultValue">The value when the binding is not set (the config file's); <see langword="null"/> when none.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The value, or <see langword="null"/> when missing.</returns>
    public string? String(string name, string? defaultValue, bool optional = false) =>
        Raw(name, "var", defaultValue, optional);

    /// <summary>Reads a secret; its value never appears in a problem.</summary>
    /// <param name="name">The binding name.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The value, or <see langword="null"/> when missing.</returns>
    public string? Secret(string name, bool optional = false) => Raw(name, "secret", null, optional);

    /// <summary>Reads an <see cref="int"/> variable (invariant culture).</summary>
    /// <param name="name">The binding name.</param>
    /// <param name="defaultValue">The value when the binding is not set; <see langword="null"/> when none.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The value, or <see langword="null"/> when missing or malformed.</returns>
    public int? Int32(string name, string? defaultValue, bool optional = false) =>
        Parse<int>(name, defaultValue, optional, "a 32-bit integer", static s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null);

    /// <summary>Reads a <see cref="long"/> variable (invariant culture).</summary>
    /// <param name="name">The binding name.</param>
    /// <param name="defaultValue">The value when the binding is not set; <see langword="null"/> when none.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The value, or <see langword="null"/> when missing or malformed.</returns>
    public long? Int64(string name, string? defaultValue, bool optional = false) =>
        Parse<long>(name, defaultValue, optional, "a 64-bit integer", static s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null);

    /// <summary>Reads a <see cref="double"/> variable (invariant culture).</summary>
    /// <param name="name">The binding name.</param>
    /// <param name="defaultValue">The value when the binding is not set; <see langword="null"/> when none.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The value, or <see langword="null"/> when missing or malformed.</returns>
    public double? Double(string name, string? defaultValue, bool optional = false) =>
        Parse<double>(name, defaultValue, optional, "a number", static s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null);

    /// <summary>Reads a <see cref="decimal"/> variable (invariant culture).</summary>
    /// <param name="name">The binding name.</param>
    /// <param name="defaultValue">The value when the binding is not set; <see langword="null"/> when none.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The value, or <see langword="null"/> when missing or malformed.</returns>
    public decimal? Decimal(string name, string? defaultValue, bool optional = false) =>
        Parse<decimal>(name, defaultValue, optional, "a decimal number", static s => decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : (decimal?)null);

    /// <summary>Reads a <see cref="bool"/> variable: <c>true</c> or <c>false</c>, any case.</summary>
    /// <param name="name">The binding name.</param>
    /// <param name="defaultValue">The value when the binding is not set; <see langword="null"/> when none.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The value, or <see langword="null"/> when missing or malformed.</returns>
    public bool? Boolean(string name, string? defaultValue, bool optional = false) =>
        Parse<bool>(name, defaultValue, optional, "true or false", static s => bool.TryParse(s.Trim(), out var v) ? v : (bool?)null);

    /// <summary>Reads a JSON object variable and converts it with a generated reader.</summary>
    /// <typeparam name="T">The generated record type.</typeparam>
    /// <param name="name">The binding name.</param>
    /// <param name="defaultJson">The config file's value as JSON; <see langword="null"/> when none.</param>
    /// <param name="read">Converts the parsed JSON; throws <see cref="FormatException"/> on a value of the wrong shape.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The value, or <see langword="null"/> when missing or malformed.</returns>
    public T? Json<T>(string name, string? defaultJson, Func<JsonElement, T> read, bool optional = false)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        var raw = Raw(name, "var", defaultJson, optional);
        if (raw is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                _problems.Add($"{name} (var): expected a JSON object");
                return null;
            }

            return read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            _problems.Add($"{name} (var): not a valid JSON object of the expected shape ({e.Message})");
            return null;
        }
    }

    /// <summary>Reads a Hyperdrive (PostgreSQL connection URL) binding with no config-file id; see <see cref="Hyperdrive(string, string?, string?, bool)"/>.</summary>
    /// <param name="name">The binding name.</param>
    /// <param name="localConnectionString">The config file's <c>localConnectionString</c>, used only in development; <see langword="null"/> when none.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The binding, or <see langword="null"/> when missing or malformed.</returns>
    public Hyperdrive? Hyperdrive(string name, string? localConnectionString, bool optional = false) =>
        Hyperdrive(name, localConnectionString, id: null, optional);

    /// <summary>
    /// Reads a Hyperdrive binding: the origin's connection string comes from the binding's own value; in development only
    /// (<see cref="WorkerBindings.IsDevelopment"/>), else from <c>CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_&lt;NAME&gt;</c>,
    /// the older <c>WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_&lt;NAME&gt;</c> or the config's <c>localConnectionString</c>,
    /// as <c>wrangler dev</c> reads them. When the host pools
    /// (<see cref="WorkerBindings.HyperdrivePooling"/>), the result describes the pooled endpoint instead of the origin.
    /// A malformed value is reported without repeating it.
    /// </summary>
    /// <param name="name">The binding name.</param>
    /// <param name="localConnectionString">The config file's <c>localConnectionString</c>, used only in development; <see langword="null"/> when none.</param>
    /// <param name="id">The config file's <c>id</c>; <see langword="null"/> for a stable one made from <paramref name="name"/>.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The binding, or <see langword="null"/> when missing or malformed.</returns>
    public Hyperdrive? Hyperdrive(string name, string? localConnectionString, string? id, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        var raw = _bindings(name);
        if (raw is null && Bindings.IsDevelopment)
        {
            raw = _bindings(HyperdriveIds.LocalConnectionStringVariable + name)
                ?? _bindings(HyperdriveIds.LegacyLocalConnectionStringVariable + name)
                ?? localConnectionString;
        }

        if (raw is null)
        {
            if (!optional)
            {
                // In development, say what wrangler dev asks for: a local PostgreSQL connection string, and where it may go.
                _problems.Add(Bindings.IsDevelopment
                    ? $"{name} (hyperdrive): missing (set {name} or {HyperdriveIds.LocalConnectionStringVariable}{name} to a PostgreSQL connection string such as postgres://user:password@localhost:5432/database, or give the binding a localConnectionString in the config file)"
                    : localConnectionString is null
                        ? $"{name} (hyperdrive): missing"
                        : $"{name} (hyperdrive): missing (its localConnectionString applies only in development)");
            }

            return null;
        }

        WorkerSockets.Hyperdrive origin;
        try
        {
            origin = new WorkerSockets.Hyperdrive(raw);
        }
        catch (FormatException e)
        {
            _problems.Add($"{name} (hyperdrive): {e.Message}");
            return null;
        }

        if (Bindings.HyperdrivePooling is not { } pooling)
        {
            return origin;
        }

        if (!HyperdriveIds.TryNormalize(id, name, out var hostId))
        {
            _problems.Add($"{name} (hyperdrive): the id '{id}' is not a host-name label (letters, digits and '-', at most 63)");
            return null;
        }

        try
        {
            return pooling.Pool(name, hostId, origin);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            _problems.Add($"{name} (hyperdrive): {e.Message}");
            return null;
        }
    }

    /// <summary>Throws one exception naming every problem found, if any.</summary>
    /// <exception cref="WorkerBindingException">One or more bindings are missing or malformed.</exception>
    public void ThrowIfFailed()
    {
        if (_problems.Count > 0)
        {
            throw new WorkerBindingException(_problems.ToArray());
        }
    }

    /// <summary>
    /// Chooses the wrangler environment whose bindings apply. An explicitly chosen <see cref="WorkerBindings.Environment"/>
    /// must be declared (<c>[env.&lt;name&gt;]</c>), else it is a problem; otherwise the
    /// <see cref="WorkerBindings.HostEnvironmentName"/> selects the declared environment of that name (ignoring case), if
    /// any; otherwise the top level applies.
    /// </summary>
    /// <param name="configFileName">The wrangler config file the bindings came from; <see langword="null"/> when there is none.</param>
    /// <param name="declared">The environments the file declares.</param>
    /// <returns>The selected environment, or <see langword="null"/> for the top level.</returns>
    public string? SelectEnvironment(string? configFileName, params string[] declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (Bindings.Environment is { Length: > 0 } chosen)
        {
            if (System.Array.IndexOf(declared, chosen) >= 0)
            {
                return chosen;
            }

            _problems.Add(configFileName is null
                ? $"wrangler environment '{chosen}' is selected, but the project has no wrangler config file that declares it"
                : declared.Length == 0
                    ? $"wrangler environment '{chosen}' is selected, but {configFileName} declares no environments ([env.<name>])"
                    : $"wrangler environment '{chosen}' is selected, but {configFileName} declares only {string.Join(", ", declared.Select(d => $"'{d}'"))}");
            return null;
        }

        var host = Bindings.HostEnvironmentName;
        return host is null ? null : System.Array.Find(declared, d => string.Equals(d, host, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Reports a required binding that the selected environment does not declare (bindings are not inherited between
    /// environments, as in wrangler) and that the lookup does not supply either.
    /// </summary>
    /// <param name="name">The binding name.</param>
    /// <param name="kind">The binding kind, as wrangler names it (<c>var</c>, <c>secret</c>, <c>hyperdrive</c>).</param>
    /// <param name="declared">Whether the selected environment declares it.</param>
    /// <param name="declaredIn">Where the config file declares it, e.g. <c>the top level, [env.staging]</c>.</param>
    /// <param name="environment">The selected environment; <see langword="null"/> for the top level.</param>
    public void RequireDeclared(string name, string kind, bool declared, string declaredIn, string? environment)
    {
        if (!declared && _bindings(name) is null)
        {
            var selected = environment is null ? "the top level" : $"[env.{environment}]";
            _problems.Add($"{name} ({kind}): missing; the config file declares it only in {declaredIn}, not in {selected}, and bindings are not inherited");
        }
    }

    /// <summary>Reads an array var (JSON text, as wrangler passes non-string vars) with a reader per element.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The binding name.</param>
    /// <param name="defaultJson">The config file's value as JSON; <see langword="null"/> when none.</param>
    /// <param name="readItem">Converts one element; throws <see cref="FormatException"/> on an element of the wrong kind.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The array, or <see langword="null"/> when missing or malformed.</returns>
    public T[]? Array<T>(string name, string? defaultJson, Func<JsonElement, T> readItem, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(readItem);
        var raw = Raw(name, "var", defaultJson, optional);
        if (raw is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                _problems.Add($"{name} (var): expected a JSON array, e.g. [\"a\", \"b\"]");
                return null;
            }

            return [.. document.RootElement.EnumerateArray().Select(readItem)];
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            _problems.Add($"{name} (var): not a JSON array of the expected elements ({e.Message})");
            return null;
        }
    }

    /// <summary>Reads an array var whose elements have different kinds, as a JSON element.</summary>
    /// <param name="name">The binding name.</param>
    /// <param name="defaultJson">The config file's value as JSON; <see langword="null"/> when none.</param>
    /// <param name="optional">Whether a missing value is allowed (a nullable property).</param>
    /// <returns>The array, or <see langword="null"/> when missing or malformed.</returns>
    public JsonElement? JsonArray(string name, string? defaultJson, bool optional = false)
    {
        var raw = Raw(name, "var", defaultJson, optional);
        if (raw is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                return document.RootElement.Clone();
            }

            _problems.Add($"{name} (var): expected a JSON array");
        }
        catch (JsonException e)
        {
            _problems.Add($"{name} (var): not a JSON array ({e.Message})");
        }

        return null;
    }

    private string? Raw(string name, string kind, string? defaultValue, bool optional)
    {
        var value = _bindings(name) ?? defaultValue;
        if (value is null && !optional)
        {
            _problems.Add($"{name} ({kind}): missing");
        }

        return value;
    }

    private TValue? Parse<TValue>(string name, string? defaultValue, bool optional, string expected, Func<string, TValue?> parse)
        where TValue : struct
    {
        var raw = Raw(name, "var", defaultValue, optional);
        if (raw is null)
        {
            return null;
        }

        var value = parse(raw);
        if (value is null)
        {
            _problems.Add($"{name} (var): '{raw}' is not {expected}");
        }

        return value;
    }
}
