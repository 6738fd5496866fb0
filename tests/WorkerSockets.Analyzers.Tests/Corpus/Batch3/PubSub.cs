// Batch 3: a small pub/sub client over RESP with subscriptions, events and a message loop.
using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch3.PubSub;

public sealed class Subscription : IAsyncDisposable
{
    private readonly WorkerSocket _socket;
    private readonly CancellationTokenSource _stop = new();

    private Subscription(WorkerSocket socket) => _socket = socket;

    public event Action<string>? Message;

    public static async Task<Subscription> OpenAsync(string host, string channel)
    {
        var socket = Sockets.Connect(host, 6379);
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes($"SUBSCRIBE {channel}\r\n"));
        return new Subscription(socket);
    }

    public async Task PumpAsync(int max)
    {
        for (var i = 0; i < max && !_stop.IsCancellationRequested; i++)
        {
            var read = await _socket.Readable.ReadAsync(_stop.Token);
            Message?.Invoke(Encoding.UTF8.GetString(read.Buffer.FirstSpan));
            _socket.Readable.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _socket.CloseAsync();
        _stop.Dispose();
    }
}

public static class Events
{
    public static event Func<string, Task>? Published;

    public static async Task<int> CollectAsync(string host, string channel)
    {
        var received = new List<string>();
        await using var subscription = await Subscription.OpenAsync(host, channel);
        subscription.Message += received.Add;
        await subscription.PumpAsync(10);
        return received.Count;
    }

    // Forwards every published message over a socket that belongs to this request only.
    public static async Task ForwardOnceAsync(string host, string text)
    {
        await using var socket = Sockets.Connect(host, 6379);
        Func<string, Task> forward = async message => await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(message));
        await forward(text);
    }

    // Hooks the socket to a static event: later requests would write to it.
    public static async Task HookAsync(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        await socket.Opened;
        Published += async message => await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(message)); // expect: WSK003
    }

    public static Task RaiseAsync(string message) => Published?.Invoke(message) ?? Task.CompletedTask;

    // Publishes and forgets the close in a lambda.
    public static async Task PublishAsync(string host, string channel, string message)
    {
        var socket = Sockets.Connect(host, 6379);
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes($"PUBLISH {channel} {message}\r\n"));
        var done = new Action(() => socket.DisposeAsync()); // expect: WSK002
        done();
    }
}
