// Batch 5: older code pasted in with nullable annotations off, explicit types, and classic idioms.
#nullable disable
using System;
using System.Collections;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Legacy;

public class LegacyGateway
{
    private static Hashtable connections = new Hashtable();
    private static WorkerSocket lastSocket;

    public static WorkerSocket OpenByName(string name)
    {
        WorkerSocket socket = null;
        if (name == "db")
        {
            socket = Sockets.Connect("db.internal", 5432);
        }
        else if (name == "cache")
        {
            socket = Sockets.Connect("cache.internal", 6379);
        }

        return socket;
    }

    public static async Task<bool> Check(string name)
    {
        WorkerSocket socket = OpenByName(name);
        if (socket == null)
        {
            return false;
        }

        try
        {
            await socket.Opened;
            return true;
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    public static void Remember(string name, WorkerSocket socket)
    {
        connections[name] = socket; // expect: WSK003
        lastSocket = socket; // expect: WSK003
    }

    public static async Task<string> Describe(string host)
    {
        WorkerSocket socket = Sockets.Connect(new IPEndPoint(IPAddress.Loopback, 25)); // expect: WSK001, WSK007
        SocketInfo info = await socket.Opened;
        return info.RemoteAddress;
    }

    public static string DescribeBlocking(string host)
    {
        WorkerSocket socket = Sockets.Connect(host, 5432);
        try
        {
            SocketInfo info = socket.Opened.Result; // expect: WSK009
            return info.RemoteAddress;
        }
        finally
        {
            socket.CloseAsync().Wait(); // expect: WSK009
        }
    }

    public static async Task CloseAll(IEnumerable sockets)
    {
        foreach (object item in sockets)
        {
            WorkerSocket socket = item as WorkerSocket;
            if (socket != null)
            {
                await socket.CloseAsync();
            }
        }
    }

    public static async Task UseAsCast(object state)
    {
        var socket = (WorkerSocket)state;
        await socket.CloseAsync();
    }

    public static Task CloseMaybe(WorkerSocket socket)
    {
        if (socket != null)
        {
            return socket.CloseAsync();
        }

        return Task.CompletedTask;
    }

    public static async Task OldStyleUsing(string host)
    {
        WorkerSocket socket = Sockets.Connect(host, 5432);
        await using (socket)
        {
            await socket.Opened;
        }
    }

    public static async Task NullCheckedLeak(string name)
    {
        WorkerSocket socket = name.Length > 3 ? Sockets.Connect(name, 5432) : null; // expect: WSK007
        if (socket != null)
        {
            await socket.Opened;
        }
    }

    public static async Task NullCheckedClose(string name)
    {
        WorkerSocket socket = name.Length > 3 ? Sockets.Connect(name, 5432) : null;
        if (socket == null)
        {
            return;
        }

        await socket.Opened;
        await socket.CloseAsync();
    }
}
#nullable restore
