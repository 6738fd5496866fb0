namespace WorkerSockets.Hosting.LocalDev;

/// <summary>A dev server set-up problem the user can fix (a bad option or config value); printed as one <c>error:</c> line.</summary>
internal sealed class DevServerException : Exception
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
