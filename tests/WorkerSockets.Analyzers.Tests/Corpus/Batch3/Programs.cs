// Batch 3: console-style programs and startup code around workers.
using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch3.Programs;

public static class Startup
{
    private static readonly string DbAddress = Environment.GetEnvironmentVariable("DB") ?? "db.internal:5432";
    private static WorkerSocket? _probe;

    [ModuleInitializer]
    internal static void Warm()
    {
        _probe = Sockets.Connect(DbAddress); // expect: WSK004, WSK003
    }

    public static bool Probed => _probe is not null;
}

public static class Tool
{
    // A CLI entry point: runs inside WorkerContext.RunAsync, so the connect happens in a request scope.
    public static Task<int> Main(string[] args) => RunAsync(args);

    private static async Task<int> RunAsync(string[] args)
    {
        var code = 0;
        await WorkerContext.RunAsync(async ctx =>
        {
            await using var socket = Sockets.Connect(args.Length > 0 ? args[0] : "localhost:5432");
            var info = await socket.Opened;
            Console.WriteLine(info.RemoteAddress);
            code = 1;
        });
        return code;
    }
}

public sealed class Settings
{
    public const string Smtp = "mail.example.com:25";
    public string Address { get; init; } = "db.internal:5432";
    public static Settings Default { get; } = new();
}

public static class UsesSettings
{
    public static async Task<string?> DefaultAsync()
    {
        await using var socket = Sockets.Connect(Settings.Default.Address);
        return (await socket.Opened).RemoteAddress;
    }

    public static async Task MailAsync()
    {
        await using var socket = Sockets.Connect(Settings.Smtp); // expect: WSK001
        await socket.Opened;
    }

    public static async Task MailConfiguredAsync(string? address)
    {
        await using var socket = Sockets.Connect(address ?? "mail.example.com:587");
        await socket.Opened;
    }

    public static async Task HttpsAsync(string host)
    {
        var port = 443;
        await using var socket = Sockets.Connect(host, port, new SocketOptions { SecureTransport = SecureTransport.On }); // expect: WSK010
        await socket.Opened;
    }
}
