using System.Net;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests.InProcess;

/// <summary>Which connects reach an in-process destination: every overload, any case, no DNS, no policy, only the registered port.</summary>
public sealed class InProcessRoutingTests
{
    public static TheoryData<string> Overloads => ["host:port", "host, port", "DnsEndPoint"];

    [Theory]
    [MemberData(nameof(Overloads))]
    public async Task Every_Connect_overload_reaches_the_destination_without_a_lookup(string overload)
    {
        var echo = InProcessPeer.Echo();
        var lookups = new List<string>();
        SocketInfo? info = null;
        byte[]? echoed = null;
        await InProcessScope.RunAsync(
            echo,
            async _ =>
            {
                await using var socket = overload switch
                {
                    "host:port" => Sockets.Connect($"{InProcessScope.Host}:{InProcessScope.Port}"),
                    "host, port" => Sockets.Connect(InProcessScope.Host, InProcessScope.Port),
                    _ => Sockets.Connect(new DnsEndPoint(InProcessScope.Host, InProcessScope.Port)),
                };
                info = await socket.Opened.WithTimeout();
                await socket.WriteAsync("ping"u8.ToArray());
                echoed = await socket.ReadExactlyAsync(4);
            },
            InProcessScope.RecordingLookups(lookups));

        Assert.Equal("ping"u8.ToArray(), echoed);
        Assert.Equal($"{InProcessScope.Host}:{InProcessScope.Port}", info!.RemoteAddress);
        Assert.Null(info.LocalAddress);
        Assert.Empty(lookups);
        Assert.Equal(1, echo.Connections);
    }

    [Fact]
    public async Task The_host_name_matches_in_any_case_and_Opened_reports_it_as_given()
    {
        var echo = InProcessPeer.Echo();
        SocketInfo? info = null;
        await InProcessScope.RunAsync(echo, async _ =>
        {
            await using var socket = Sockets.Connect("0123ABCD.Hyperdrive.LOCAL:5432");
            info = await socket.Opened.WithTimeout();
            await echo.FirstConnection.WithTimeout();
        });

        Assert.Equal("0123ABCD.Hyperdrive.LOCAL:5432", info!.RemoteAddress);
        Assert.Equal(1, echo.Connections);
    }

    [Fact]
    public async Task The_production_policy_does_not_apply_to_a_registered_address()
    {
        // The resolver answers loopback, which production denies: only a connect that never asks it can open.
        var lookups = new List<string>();
        var echo = InProcessPeer.Echo();
        await InProcessScope.RunAsync(
            echo,
            async _ =>
            {
                await using var registered = Sockets.Connect(InProcessScope.Host, InProcessScope.Port);
                await registered.Opened.WithTimeout();
                var other = Sockets.Connect("db.example.com", 5432);
                await Assert.ThrowsAsync<IOException>(() => other.Opened.WithTimeout());
            },
            InProcessScope.RecordingLookups(lookups));

        Assert.Equal(["db.example.com"], lookups);
    }

    [Fact]
    public async Task Another_port_on_the_registered_host_goes_over_the_network()
    {
        var lookups = new List<string>();
        var echo = InProcessPeer.Echo();
        await InProcessScope.RunAsync(
            echo,
            async _ =>
            {
                var socket = Sockets.Connect(InProcessScope.Host, 5433);
                await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
            },
            InProcessScope.RecordingLookups(lookups));

        Assert.Equal([InProcessScope.Host], lookups);
        Assert.Equal(0, echo.Connections);
    }

    [Fact]
    public async Task Port_25_is_refused_even_for_a_registered_host()
    {
        var destinations = InProcessDestinations.Empty.Add("mail.internal", 25, InProcessPeer.Echo());
        await WorkerContext.RunAsync(
            _ =>
            {
                Assert.Throws<SocketPolicyException>(() => Sockets.Connect("mail.internal", 25));
                return Task.CompletedTask;
            },
            new WorkerContextOptions { Destinations = destinations }).WithTimeout();
    }

    [Fact]
    public void Registering_an_address_twice_or_a_malformed_host_is_refused()
    {
        var destinations = InProcessDestinations.Empty.Add(InProcessScope.Host, 5432, InProcessPeer.Echo());
        var twice = Assert.Throws<ArgumentException>(() => destinations.Add(InProcessScope.Host.ToUpperInvariant(), 5432, InProcessPeer.Echo()));
        Assert.Contains("already registered", twice.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => destinations.Add("bad host", 5432, InProcessPeer.Echo()));
        Assert.Throws<ArgumentOutOfRangeException>(() => destinations.Add("ok.local", 70000, InProcessPeer.Echo()));

        // Add returns a new set; the original is unchanged.
        var more = destinations.Add(InProcessScope.Host, 6543, InProcessPeer.Echo());
        Assert.NotNull(more.Find(InProcessScope.Host, 6543));
        Assert.Null(destinations.Find(InProcessScope.Host, 6543));
        Assert.True(InProcessDestinations.Empty.IsEmpty);
    }

    [Fact]
    public async Task The_destination_starts_outside_the_request_scope_before_its_first_await()
    {
        // It starts on the connecting thread (no thread-pool hop), but in a clean execution context: not in the request.
        var outcome = new TaskCompletionSource<(Exception? Error, bool SameThread)>(TaskCreationOptions.RunContinuationsAsynchronously);
        int connectingThread = 0;
        var peer = new InProcessPeer(async (connection, _) =>
        {
            outcome.TrySetResult((Record.Exception(() => Sockets.Connect("db.example.com:5432")), Environment.CurrentManagedThreadId == connectingThread));
            await connection.Input.ReadAsync();
        });
        await InProcessScope.RunAsync(peer, async _ =>
        {
            connectingThread = Environment.CurrentManagedThreadId;
            await using var socket = Sockets.Connect(InProcessScope.Host, InProcessScope.Port);
            await outcome.Task.WithTimeout();
            Assert.NotNull(WorkerContext.Current); // the handler's own scope is untouched by the destination's start
        });

        var (error, sameThread) = await outcome.Task;
        Assert.True(sameThread);
        Assert.StartsWith("Disallowed operation called within global scope.", Assert.IsType<InvalidOperationException>(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_destination_runs_outside_the_request_scope()
    {
        // A destination is the host's: the request's scope must not flow into it, so a connect there is in global scope.
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var peer = new InProcessPeer(async (connection, _) =>
        {
            // After a read the handler's flush resumed: still outside the request.
            await connection.Input.ReadAsync();
            outcome.TrySetResult(Record.Exception(() => Sockets.Connect("db.example.com:5432")));
        });
        await InProcessScope.RunAsync(peer, async _ =>
        {
            await using var socket = Sockets.Connect(InProcessScope.Host, InProcessScope.Port);
            await socket.Opened.WithTimeout();
            await socket.WriteAsync([1]);
            await outcome.Task.WithTimeout();
        });

        var error = Assert.IsType<InvalidOperationException>(await outcome.Task);
        Assert.StartsWith("Disallowed operation called within global scope.", error.Message, StringComparison.Ordinal);
    }
}
