namespace WorkerSockets;

/// <summary>What <see cref="WorkerSocket.Opened"/> reports once a socket is connected.</summary>
/// <param name="RemoteAddress">The address as given to <c>Connect</c>, as <c>host:port</c>.</param>
/// <param name="LocalAddress">The local address, when known.</param>
public sealed record SocketInfo(string? RemoteAddress, string? LocalAddress);
