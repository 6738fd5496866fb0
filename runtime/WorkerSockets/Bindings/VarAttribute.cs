namespace WorkerSockets;

/// <summary>Binds a partial property to a plain-text variable (<c>[vars]</c> in <c>wrangler.toml</c>).</summary>
/// <param name="name">The binding name, e.g. <c>API_HOST</c>.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class VarAttribute(string name) : Attribute
{
    /// <summary>The binding name.</summary>
    public string Name { get; } = name;
}
