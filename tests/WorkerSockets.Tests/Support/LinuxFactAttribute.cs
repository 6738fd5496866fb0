namespace WorkerSockets.Tests.Support;

/// <summary>A fact that needs Linux's procfs; elsewhere it is reported as skipped, never passed without running.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Counts file descriptors through /proc/self/fd, which only Linux has.";
        }
    }
}
