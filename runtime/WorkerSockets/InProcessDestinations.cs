using System.Collections.Frozen;
using WorkerSockets.Policy;

namespace WorkerSockets;

/// <summary>
/// The in-process destinations a host offers its requests' sockets, by host name (any case) and port. A connect to one of
/// them is not resolved, not checked against the <see cref="SocketPolicy"/> and not sent over TCP: it is served by the
/// registered <see cref="IInProcessDestination"/> over in-memory pipes, and is otherwise a <see cref="WorkerSocket"/> like
/// any other (the six-socket limit, the request scope, close and half-open). Immutable: <see cref="Add"/> returns a new set.
/// </summary>
public sealed class InProcessDestinations
{
    private readonly FrozenDictionary<string, (int Port, IInProcessDestination Destination)[]> _byHost;

    private InProcessDestinations(FrozenDictionary<string, (int Port, IInProcessDestination Destination)[]> byHost)
    {
        _byHost = byHost;
    }

    /// <summary>No destinations: every socket goes over the network.</summary>
    public static InProcessDestinations Empty { get; } = new(FrozenDictionary<string, (int, IInProcessDestination)[]>.Empty);

    /// <summary>Whether no destination is registered.</summary>
    public bool IsEmpty => _byHost.Count == 0;

    /// <summary>Returns a set that also serves <paramref name="hostname"/>:<paramref name="port"/> with <paramref name="destination"/>.</summary>
    /// <param name="hostname">The host name sockets connect to, e.g. <c>0123abcd.hyperdrive.local</c>; matched in any case.</param>
    /// <param name="port">The port, 0 to 65535.</param>
    /// <param name="destination">Serves each connection.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentException">The host name is not a valid connect address, or the address is already registered.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 0 to 65535.</exception>
    public InProcessDestinations Add(string hostname, int port, IInProcessDestination destination)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        ArgumentNullException.ThrowIfNull(destination);
        AddressParser.ValidateHostname(hostname);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, System.Net.IPEndPoint.MaxPort);
        if (Find(hostname, port) is not null)
        {
            throw new ArgumentException($"An in-process destination is already registered for {hostname}:{port}.", nameof(hostname));
        }

        var byHost = new Dictionary<string, (int, IInProcessDestination)[]>(_byHost, StringComparer.OrdinalIgnoreCase);
        byHost[hostname] = byHost.TryGetValue(hostname, out var ports) ? [.. ports, (port, destination)] : [(port, destination)];
        return new InProcessDestinations(byHost.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The destination registered for <paramref name="hostname"/>:<paramref name="port"/>, if any.</summary>
    /// <param name="hostname">A host name as given to <c>Connect</c>.</param>
    /// <param name="port">The port.</param>
    /// <returns>The destination, or <see langword="null"/> when the address goes over the network.</returns>
    public IInProcessDestination? Find(string hostname, int port)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        if (_byHost.TryGetValue(hostname, out var ports))
        {
            foreach (var (registered, destination) in ports)
            {
                if (registered == port)
                {
                    return destination;
                }
            }
        }

        return null;
    }
}
