namespace WorkerSockets.Hosting.Hyperdrive.Origin;

/// <summary>The origin could not be reached, refused the login, or broke; clients see it as an ErrorResponse.</summary>
internal sealed class OriginException : Exception
{
    public OriginException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
