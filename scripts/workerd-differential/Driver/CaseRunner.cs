using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;

namespace WorkerSockets.Differential;

/// <summary>Runs one case inside a request scope and records its steps in worker.js's vocabulary: ok, ok X, error M, throws M, pending.</summary>
internal sealed partial class CaseRunner(SocketPolicy policy)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(3);

    // Sockets kept from one request for the next (cross-request cases).
    private readonly Dictionary<string, WorkerSocket> _saved = [];

    public async Task<List<(string Step, string Value)>> RunAsync(JsonObject testCase)
    {
        var steps = new List<(string, string)>();
        try
        {
            string kind = (string)testCase["kind"]!;
            if (kind == "globalScope")
            {
                steps.Add(("connect", Attempt(() => Sockets.Connect("127.0.0.1:1"))));
                return steps;
            }

            if (kind == "globalScopeForm")
            {
                steps.Add(("connect", GlobalScopeForm((string)testCase["variant"]!)));
                return steps;
            }

            await WorkerContext.RunAsync(ctx => RunKindAsync(kind, testCase, steps, phase: 1, ctx), policy);
            if (kind is "crossRequest" or "waitUntil")
            {
                await WorkerContext.RunAsync(ctx => RunKindAsync(kind, testCase, steps, phase: 2, ctx), policy);
            }
        }
        catch (Exception e)
        {
            steps.Add(("unexpected", "error " + e.Message));
        }

        return steps;
    }

    private static string Attempt(Action action)
    {
        try
        {
            action();
            return "ok";
        }
        catch (Exception e)
        {
            return "throws " + e.Message;
        }
    }

    private static async Task<string> Settle(Task task, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? StepTimeout);
            return "ok";
        }
        catch (TimeoutException)
        {
            return "pending";
        }
        catch (Exception e)
        {
            return "error " + e.Message;
        }
    }

    private static async Task<string> Settle<T>(Func<Task<T>> action, TimeSpan? timeout = null)
    {
        try
        {
            var value = await action().WaitAsync(timeout ?? StepTimeout);
            return value is null ? "ok" : $"ok {value}";
        }
        catch (TimeoutException)
        {
            return "pending";
        }
        catch (Exception e)
        {
            return "error " + e.Message;
        }
    }

    private static Task<string> Settle(Func<Task> action, TimeSpan? timeout = null)
        => Settle(async () =>
        {
            await action();
            return (string?)null;
        }, timeout);

    /// <summary>A value no member of <see cref="SecureTransport"/> has: what an option string outside off/on/starttls maps to.</summary>
    private const SecureTransport Unsupported = (SecureTransport)3;

    private static SocketOptions Options(JsonObject c, string? secureTransport = null) => new()
    {
        SecureTransport = (secureTransport ?? (string?)c["secureTransport"]) switch
        {
            null or "off" => SecureTransport.Off,
            "on" => SecureTransport.On,
            "starttls" => SecureTransport.StartTls,
            _ => Unsupported,
        },
        AllowHalfOpen = (bool?)c["allowHalfOpen"] ?? false,
    };

    private static WorkerSocket Open(JsonObject c, string? secureTransport = null)
        => (bool?)c["nullOptions"] == true ? Sockets.Connect((string)c["address"]!, null)
        : c.ContainsKey("hostname")
            ? Sockets.Connect((string)c["hostname"]!, (int)c["port"]!, Options(c, secureTransport))
            : Sockets.Connect((string)c["address"]!, Options(c, secureTransport));

    private static async Task<string?> OpenedAsync(WorkerSocket socket) => (await socket.Opened).RemoteAddress;

    private static async Task WriteAsync(WorkerSocket socket, string text)
        => await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>One read, as <c>reader.read()</c>: "done" at the end of the stream, else "data".</summary>
    private static async Task<string?> ReadOnceAsync(WorkerSocket socket)
    {
        var result = await socket.Readable.ReadAsync();
        bool done = result.IsCompleted && result.Buffer.IsEmpty;
        socket.Readable.AdvanceTo(result.Buffer.End);
        return done ? "done" : "data";
    }

    /// <summary>One read's bytes as text.</summary>
    private static async Task<string?> ReadTextOnceAsync(WorkerSocket socket)
    {
        var result = await socket.Readable.ReadAsync();
        string text = Encoding.UTF8.GetString(result.Buffer.ToArray());
        socket.Readable.AdvanceTo(result.Buffer.End);
        return text;
    }

    /// <summary>Reads to the end of the stream; throws what the read throws.</summary>
    private static async Task<string?> ReadTextAsync(WorkerSocket socket, StringBuilder? soFar = null)
    {
        var text = soFar ?? new StringBuilder();
        while (true)
        {
            var result = await socket.Readable.ReadAsync();
            text.Append(Encoding.UTF8.GetString(result.Buffer.ToArray()));
            socket.Readable.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return text.ToString();
            }
        }
    }
}
