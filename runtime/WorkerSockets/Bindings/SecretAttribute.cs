namespace WorkerSockets;

/// <summary>Binds a partial <see cref="string"/> property to a secret; its value never appears in <c>ToString()</c>, logs or exceptions.</summary>
/// <param name="name">The binding name, e.g. <c>DB_PASSWORD</c>.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class SecretAttribute(string name) : Attribute
{
    /// <summary>The binding name.</summary>
    public string Name { get; } = name;
}
