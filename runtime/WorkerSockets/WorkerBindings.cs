namespace WorkerSockets;

/// <summary>
/// What a host hands a worker's generated <c>Bind</c> and <c>CreateFetch</c>: where binding values come from, and the
/// facts about the host that decide how they are read (the selected wrangler environment, whether this is local
/// development). A plain lookup converts to it with <see cref="WorkerBindings(Func{string, string})"/>.
/// </summary>
public sealed class WorkerBindings
{
    /// <summary>Creates bindings over a lookup, with no wrangler environment selected, outside development.</summary>
    /// <param name="lookup">Looks up a binding's raw value by binding name; <see langword="null"/> when it is not set.</param>
    /// <exception cref="ArgumentNullException"><paramref name="lookup"/> is <see langword="null"/>.</exception>
    public WorkerBindings(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        Lookup = lookup;
    }

    /// <summary>Looks up a binding's raw value by binding name; <see langword="null"/> when it is not set.</summary>
    public Func<string, string?> Lookup { get; }

    /// <summary>
    /// The wrangler environment explicitly chosen (<c>--env NAME</c>, <c>CLOUDFLARE_ENV</c>), whose bindings apply
    /// (<c>[env.&lt;name&gt;]</c>); binding fails when the config file does not declare it. <see langword="null"/>: none
    /// chosen, see <see cref="HostEnvironmentName"/>.
    /// </summary>
    public string? Environment { get; init; }

    /// <summary>
    /// The host's environment name (ASP.NET Core's <c>Development</c>, <c>Production</c>, ...). When no
    /// <see cref="Environment"/> is chosen, it selects the config file's environment of the same name, ignoring case
    /// (<c>Production</c> selects <c>[env.production]</c>); when the file declares none of that name, the top level applies.
    /// </summary>
    public string? HostEnvironmentName { get; init; }

    /// <summary>
    /// Whether the host runs in local development. Values meant only for local runs (a Hyperdrive binding's
    /// <c>localConnectionString</c>) apply only then, as in <c>wrangler dev</c>.
    /// </summary>
    public bool IsDevelopment { get; init; }

    /// <summary>
    /// The host's in-process Hyperdrive pooling; <see langword="null"/> when the host has none, and then a Hyperdrive
    /// binding describes its origin database directly.
    /// </summary>
    public IHyperdrivePooling? HyperdrivePooling { get; init; }
}
