namespace WorkerSockets;

/// <summary>
/// A host that pools Hyperdrive bindings in process (as <c>WorkerSockets.Hosting</c> does): given a binding's origin, it
/// starts serving a pooled endpoint and returns what handler code sees in its place. Set it as
/// <see cref="WorkerBindings.HyperdrivePooling"/>; without one, a binding describes its origin directly.
/// </summary>
public interface IHyperdrivePooling
{
    /// <summary>Pools <paramref name="origin"/> for the host's lifetime; called once per binding while the environment is bound.</summary>
    /// <param name="bindingName">The binding name, e.g. <c>HYPERDRIVE</c>.</param>
    /// <param name="id">The binding's id (the config's <c>id</c>, or a stable one made from the binding name), a valid host-name label.</param>
    /// <param name="origin">The database the pool connects to; its password must not reach handler code.</param>
    /// <returns>The pooled endpoint: <c>&lt;id&gt;.hyperdrive.local:5432</c>, with credentials the pool checks.</returns>
    /// <exception cref="ArgumentException">The binding cannot be pooled (the message says why; it never repeats the password).</exception>
    /// <exception cref="InvalidOperationException">The binding cannot be pooled (the message says why; it never repeats the password).</exception>
    Hyperdrive Pool(string bindingName, string id, Hyperdrive origin);
}
