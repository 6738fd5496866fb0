using WorkerSockets.Internal;

namespace WorkerSockets;

// Connecting to an address the host serves in process (InProcessDestinations): no DNS, no policy check, no TCP.
public sealed partial class WorkerSocket
{
    /// <summary>Connects over in-memory pipes when the host registered this address; returns whether it did.</summary>
    /// <exception cref="IOException">The socket asked for TLS, which an in-process destination does not speak.</exception>
    private bool TryConnectInProcess()
    {
        var destinations = _scope.Destinations;
        if (destinations.IsEmpty || destinations.Find(_host, _port) is not { } destination)
        {
            return false;
        }

        // Refused rather than pretended: a TLS socket that is not encrypted would lie to the handler.
        if (SecureTransport == SecureTransport.On)
        {
            throw new IOException(InProcessErrors.NoTls(_remoteAddress));
        }

        Attach(InProcessTransport.Start(destination, _remoteAddress));
        return true;
    }
}
