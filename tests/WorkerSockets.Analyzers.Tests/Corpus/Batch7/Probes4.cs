// Batch 7 probes, fourth round (written after reading the analyzers): null tests inside compound conditions, type
// patterns, and switch expressions whose arms throw or return null, annotated by docs/rules/WSK007.md.
using System;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch7.Probes4;

public sealed class NullForms
{
    // A non-null socket with an empty host leaves by the return unclosed: only the null half of the test holds nothing.
    public async Task OrElseReturn(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432); // expect: WSK007
        if (socket is null || host.Length == 0)
        {
            return;
        }

        await socket.CloseAsync();
    }

    public async Task TypePatternClose(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432);
        if (socket is WorkerSocket live)
        {
            await live.CloseAsync();
        }
    }

    public async Task NegatedIsNull(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432);
        if (!(socket is null))
        {
            await socket.CloseAsync();
        }
    }

    // The path where the socket is there but Upgraded is true skips the close (the rule cannot know it is false here).
    public async Task AndAlsoClose(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432); // expect: WSK007
        if (socket != null && !socket.Upgraded)
        {
            await socket.CloseAsync();
        }
    }

    public async Task SwitchExpressionNullOrThrow(string mode, string host)
    {
        WorkerSocket? socket = mode switch
        {
            "off" => null,
            "db" => Sockets.Connect(host, 5432),
            _ => throw new ArgumentException("unknown mode", nameof(mode)),
        };
        if (socket is not null)
        {
            await socket.CloseAsync();
        }
    }

    public async Task EarlyNullReturnThenUsing(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432);
        if (socket is null)
        {
            Console.WriteLine("skipped");
            return;
        }

        await using (socket)
        {
            await socket.Opened;
        }
    }
}
