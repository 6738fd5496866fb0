using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace WorkerSockets.Benchmarks.Infrastructure;

/// <summary>
/// A loopback server (<see cref="EchoServer"/> or <see cref="LoopbackSender"/>) in a child process, so the memory diagnoser
/// counts only the client side and the server's work is not scheduled in the benchmark's thread pool.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string Command = "serve";

    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary><c>127.0.0.1:port</c>, as <see cref="Sockets.Connect(string, SocketOptions?)"/> takes it.</summary>
    public string Address => $"127.0.0.1:{EndPoint.Port}";

    public static Task<ServerProcess> StartEchoAsync() => StartAsync("echo", "0", null);

    /// <param name="bytesPerConnection">Bytes to send per connection; negative for "until the client goes away".</param>
    /// <param name="serverPfxPath">A PKCS#12 file with the server certificate for TLS, or <see langword="null"/> for plain TCP.</param>
    public static Task<ServerProcess> StartSenderAsync(long bytesPerConnection, string? serverPfxPath = null) =>
        StartAsync("sender", bytesPerConnection.ToString(CultureInfo.InvariantCulture), serverPfxPath);

    private static async Task<ServerProcess> StartAsync(string kind, string bytes, string? pfx)
    {
        var assembly = typeof(ServerProcess).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        if (!File.Exists(Path.ChangeExtension(assembly, ".runtimeconfig.json")) && Environment.GetCommandLineArgs()[0] is var host
            && File.Exists(Path.ChangeExtension(host, ".runtimeconfig.json")))
        {
            // Inside BenchmarkDotNet's generated host the benchmarks assembly has no runtimeconfig of its own.
            start.ArgumentList.Add("--runtimeconfig");
            start.ArgumentList.Add(Path.ChangeExtension(host, ".runtimeconfig.json"));
        }

        start.ArgumentList.Add(assembly);
        foreach (var argument in new[] { Command, kind, bytes, pfx ?? "-" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || !line.StartsWith("PORT ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The server process did not report its port (got '{line}').");
        }

        return new ServerProcess(process, int.Parse(line.AsSpan(5), CultureInfo.InvariantCulture));
    }

    /// <summary>The child's side: serves until its standard input closes (the parent ended or disposed it).</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var bytes = long.Parse(args[2], CultureInfo.InvariantCulture);
        using var certificate = args[3] == "-" ? null : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(args[3], null);
        IAsyncDisposable server;
        int port;
        if (args[1] == "echo")
        {
            var echo = new EchoServer();
            (server, port) = (echo, echo.EndPoint.Port);
        }
        else
        {
            var sender = new LoopbackSender(bytes, certificate);
            (server, port) = (sender, sender.EndPoint.Port);
        }

        await using (server)
        {
            Console.WriteLine($"PORT {port}");
            await Console.In.ReadToEndAsync();
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
