// Batch 5: fluent builders and extension helpers: options built step by step, a connection builder, a session scope.
using System;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Fluent;

public sealed class ConnectionBuilder
{
    private string host = "localhost";
    private int port = 5432;
    private SocketOptions options = new();

    public ConnectionBuilder To(string value, int portNumber)
    {
        host = value;
        port = portNumber;
        return this;
    }

    public ConnectionBuilder WithStartTls()
    {
        options = options with { SecureTransport = SecureTransport.StartTls };
        return this;
    }

    public WorkerSocket Open() => Sockets.Connect(host, port, options);
}

public static class SocketOptionsExtensions
{
    public static SocketOptions WithHalfOpen(this SocketOptions options) => options with { AllowHalfOpen = true };

    public static SocketOptions Upgradeable(this SocketOptions options) => options with { SecureTransport = SecureTransport.StartTls };
}

public static class WorkerSocketExtensions
{
    public static async Task<WorkerSocket> UpgradeAsync(this WorkerSocket socket, string command, CancellationToken ct)
    {
        await socket.Writable.WriteAsync(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"), ct).ConfigureAwait(false);
        return socket.StartTls();
    }

    public static async Task<T> UsingAsync<T>(this WorkerSocket socket, Func<WorkerSocket, Task<T>> body)
    {
        await using (socket.ConfigureAwait(false))
        {
            return await body(socket).ConfigureAwait(false);
        }
    }

    public static Task Touch(this WorkerSocket socket) => socket.Writable.FlushAsync().AsTask();
}

public static class FluentHandlers
{
    public static async Task BuiltAndClosed(string host)
    {
        await using var socket = new ConnectionBuilder().To(host, 5432).WithStartTls().Open();
        await socket.Opened.ConfigureAwait(false);
    }

    public static async Task BuiltAndLeaked(string host)
    {
        var socket = new ConnectionBuilder().To(host, 5432).Open(); // expect: WSK007
        await socket.Opened.ConfigureAwait(false);
    }

    public static async Task ExtensionOptions(string host, CancellationToken ct)
    {
        var options = new SocketOptions().WithHalfOpen().Upgradeable();
        var socket = Sockets.Connect(host, 143, options);
        socket = await socket.UpgradeAsync("a1 STARTTLS", ct).ConfigureAwait(false);
        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task<int> UsingHelper(string host) =>
        await Sockets.Connect(host, 7100).UsingAsync(async s => (await s.Opened.ConfigureAwait(false)).RemoteAddress?.Length ?? 0).ConfigureAwait(false);

    public static async Task TouchOnly(string host)
    {
        var socket = Sockets.Connect(host, 7100); // expect: WSK007
        await socket.Touch().ConfigureAwait(false);
    }

    public static async Task UpgradeWithoutOption(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 143, new SocketOptions { AllowHalfOpen = true });
        await socket.Writable.WriteAsync("a1 STARTTLS\r\n"u8.ToArray(), ct).ConfigureAwait(false);
        await using var tls = socket.StartTls(); // expect: WSK005
    }

    public static async Task UpgradeThroughHelperOnPlain(string host, CancellationToken ct)
    {
        // The helper calls StartTls on its parameter; the options are not visible there, so nothing is reported.
        await using var tls = await Sockets.Connect(host, 143).UpgradeAsync("a1 STARTTLS", ct).ConfigureAwait(false);
    }

    public static async Task WithExpressionOptions(string host, SocketOptions baseOptions, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 143, baseOptions with { SecureTransport = SecureTransport.Off });
        await socket.Writable.WriteAsync("a1 STARTTLS\r\n"u8.ToArray(), ct).ConfigureAwait(false);
        await using var tls = socket.StartTls(); // a `with` expression: the page leaves it alone
    }
}
