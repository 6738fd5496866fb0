// Batch 7 (root causes 2, 3 and the WSK002/WSK007 misses of 7): switch expressions, null checks, null-conditional
// closes and reassigned locals, in forms the earlier batches did not use. Written from the rule pages alone.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch7.FlowForms;

public enum Backend
{
    Primary,
    Replica,
    Cache,
    None,
}

public sealed class Holder
{
    public WorkerSocket? Socket { get; set; }
}

public sealed class Router
{
    private WorkerSocket? _maybe;
    private readonly Holder _holder = new();

    public async Task SwitchWithAwaitUsing(Backend kind, string host)
    {
        var socket = kind switch
        {
            Backend.Primary => Sockets.Connect(host, 5432),
            Backend.Replica => Sockets.Connect(host, 5433),
            _ => Sockets.Connect(host, 6379),
        };
        await using (socket)
        {
            await socket.Opened;
        }
    }

    public async Task SwitchWithGuards(string path, bool readOnly, string host)
    {
        WorkerSocket socket = path switch
        {
            "/orders" when readOnly => Sockets.Connect(host, 5433),
            "/orders" => Sockets.Connect(host, 5432),
            var p when p.StartsWith("/cache", StringComparison.Ordinal) => Sockets.Connect(host, 6379),
            _ => throw new ArgumentOutOfRangeException(nameof(path)),
        };
        try
        {
            await socket.Opened;
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    public async Task NestedSwitch(Backend kind, bool tls, string host)
    {
        var socket = kind switch
        {
            Backend.Cache => tls switch
            {
                true => Sockets.Connect(host, 6380, new SocketOptions { SecureTransport = SecureTransport.On }),
                false => Sockets.Connect(host, 6379),
            },
            Backend.None => throw new InvalidOperationException("no backend"),
            _ => Sockets.Connect(host, 5432),
        };
        await socket.Opened;
        await socket.CloseAsync();
    }

    public async Task SwitchNullArm(Backend kind, string host)
    {
        WorkerSocket? socket = kind switch
        {
            Backend.None => null,
            Backend.Cache => Sockets.Connect(host, 6379),
            _ => Sockets.Connect(host, 5432),
        };
        if (socket is null)
        {
            return;
        }

        await socket.Opened;
        await socket.CloseAsync();
    }

    public async Task SwitchNeverClosed(Backend kind, string host)
    {
        var socket = kind switch { Backend.Cache => Sockets.Connect(host, 6379), _ => Sockets.Connect(host, 5432) }; // expect: WSK007
        await socket.Opened;
    }

    public async Task SwitchInsideUsingDeclaration(Backend kind, string host)
    {
        await using var socket = kind switch
        {
            Backend.Cache => Sockets.Connect(host, 6379),
            _ => Sockets.Connect(host, 5432),
        };
        await socket.Opened;
    }

    public async Task EqualsNullReturn(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432);
        if (socket == null)
        {
            return;
        }

        await socket.Opened;
        await socket.CloseAsync();
    }

    public async Task IsNotPropertyPatternReturn(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432);
        if (socket is not { })
        {
            return;
        }

        await socket.CloseAsync();
    }

    public async Task NullCoalescingThrow(bool skip, string host)
    {
        WorkerSocket? maybe = skip ? null : Sockets.Connect(host, 5432);
        var socket = maybe ?? throw new InvalidOperationException("skipped");
        await socket.CloseAsync();
    }

    public async Task NullCheckInLoop(IReadOnlyList<string> hosts)
    {
        foreach (var host in hosts)
        {
            WorkerSocket? socket = host.Length == 0 ? null : Sockets.Connect(host, 5432);
            if (socket == null)
            {
                continue;
            }

            await socket.Opened;
            await socket.CloseAsync();
        }
    }

    public async Task AwaitedNullConditionalClose(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432);
        await (socket?.CloseAsync() ?? Task.CompletedTask);
    }

    public async Task NotNullThenElse(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432);
        if (socket != null)
        {
            await socket.CloseAsync();
        }
        else
        {
            Console.WriteLine("skipped");
        }
    }

    public async Task NullCheckButNeverClosed(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432); // expect: WSK007
        if (socket is null)
        {
            return;
        }

        await socket.Opened;
    }

    public async Task NotNullBranchForgetsClose(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432); // expect: WSK007
        if (socket is not null)
        {
            await socket.Opened;
        }
        else
        {
            return;
        }
    }

    public void DropFieldClose() => _maybe?.CloseAsync(); // expect: WSK002

    public void DropThisFieldClose()
    {
        this._maybe?.CloseAsync(); // expect: WSK002
    }

    public void DropHolderDispose()
    {
        _holder.Socket?.DisposeAsync(); // expect: WSK002
    }

    public void DiscardNullConditional()
    {
        _ = _maybe?.CloseAsync(); // expect: WSK002
    }

    public void DropConfigured()
    {
        _maybe?.CloseAsync().ConfigureAwait(false); // expect: WSK002
    }

    public async Task AwaitFieldNullConditional() => await (_maybe?.CloseAsync() ?? Task.CompletedTask);

    public void HandFieldToWaitUntil(WorkerContext ctx) => ctx.WaitUntil(_maybe?.CloseAsync() ?? Task.CompletedTask);

    public async Task ReassignInIf(bool secondary, string host)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        if (secondary)
        {
            socket = Sockets.Connect(host, 5433);
        }

        await socket.CloseAsync();
    }

    public async Task ReassignFromFactory(string host)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        await socket.Opened;
        socket = await OpenReplicaAsync(host);
        await socket.CloseAsync();
    }

    public async Task ReassignAfterClose(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        await socket.CloseAsync();
        socket = Sockets.Connect(host, 5433);
        await socket.CloseAsync();
    }

    public async Task ReassignInSwitchSection(int attempt, string host)
    {
        WorkerSocket socket = Sockets.Connect(host, 5432); // expect: WSK007
        switch (attempt)
        {
            case 0:
                break;
            default:
                socket = Sockets.Connect(host, 5433 + attempt);
                break;
        }

        await socket.CloseAsync();
    }

    private static async Task<WorkerSocket> OpenReplicaAsync(string host)
    {
        var socket = Sockets.Connect(host, 5433);
        await socket.Opened;
        return socket;
    }
}
