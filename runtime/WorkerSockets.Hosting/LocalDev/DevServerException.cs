namespace WorkerSockets.Hosting.LocalDev;

/// <summary>
/// A dev server set-up problem the user can fix (a wrangler flag or config value that cannot be honoured); printed as
/// one <c>error:</c> line. Callers of <c>StartAsync</c> see it as an <see cref="InvalidOperationException"/>.
/// </summary>
internal sealed class DevServerException : InvalidOperationException
{
    public DevServerException(string message)
        : base(message)
    {
    }

    public DevServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
