namespace WorkerSockets;

/// <summary>Binds a partial <see cref="Hyperdrive"/> property to a database connection (<c>[[hyperdrive]]</c> in <c>wrangler.toml</c>).</summary>
/// <param name="name">The binding name, e.g. <c>HYPERDRIVE</c>.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class HyperdriveAttribute(string name) : Attribute
{
    /// <summary>The binding name.</summary>
    public string Name { get; } = name;
}
