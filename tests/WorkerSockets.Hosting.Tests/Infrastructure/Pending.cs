namespace WorkerSockets.Hosting.Tests.Infrastructure;

/// <summary>Skip reasons for tests waiting on work from another branch; each goes away when that branch merges.</summary>
public static class Pending
{
    public const string Runtime = "Needs WorkerContext.RunAsync, SocketPolicy and Sockets.Connect from the runtime branch (stubs until it merges).";
}
