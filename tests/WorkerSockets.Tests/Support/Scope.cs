using System.Net;
using Microsoft.Extensions.Logging;

namespace WorkerSockets.Tests.Support;

/// <summary>Runs test bodies inside a request scope with a development policy and a fake DNS for <c>*.test</c> names.</summary>
internal static class Scope
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Development policy whose resolver answers 127.0.0.1 for every name ending in <c>.test</c>.</summary>
    public static SocketPolicy Development { get; } = WithTestNames(SocketPolicy.Development);

    public static SocketPolicy WithTestNames(SocketPolicy policy) => policy.WithResolver((name, _) =>
        name.EndsWith(".test", StringComparison.Ordinal)
            ? Task.FromResult(new[] { IPAddress.Loopback })
            : Dns.GetHostAddressesAsync(name));

    public static Task RunAsync(Func<WorkerContext, Task> handler, SocketPolicy? policy = null, ILogger? logger = null, CancellationToken requestAborted = default, TimeSpan? waitUntilLimit = null)
        => WorkerContext.RunAsync(handler, policy ?? Development, logger, requestAborted, waitUntilLimit ?? TimeSpan.FromSeconds(30)).WaitAsync(Timeout * 2);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Timeout);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Timeout);

    public static Task<T> WithTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Timeout);
}
