using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests.Connections;

public sealed class InboundScopeTests
{
    [Fact]
    public async Task A_socket_the_connection_left_open_is_aborted_when_its_scope_ends()
    {
        await using var backend = new CountingBackendServer();
        await using var host = await InboundConnection.StartAsync(async (socket, ctx) =>
        {
            var outbound = Sockets.Connect(backend.Address);
            await outbound.Opened;
            await socket.WriteLineAsync("opened");
        });
        using var client = await InboundConnection.ConnectAsync(host);

        Assert.Equal("opened\n", await client.GetStream().ReadToEndAsync());
        await backend.NextConnectionEndAsync();
        Assert.Equal(1, backend.MaxOpen);
    }

    [Fact]
    public async Task A_client_that_leaves_aborts_the_sockets_its_connection_opened()
    {
        var backendRead = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = new CountingBackendServer();
        await using var host = await InboundConnection.StartAsync(async (socket, ctx) =>
        {
            await using var outbound = Sockets.Connect(backend.Address);
            await outbound.Opened;
            await socket.WriteLineAsync("opened");
            // The backend never answers: only the client leaving can end this read.
            backendRead.SetResult(await Record.ExceptionAsync(async () => await outbound.Readable.ReadAsync()));
        });
        var client = await InboundConnection.ConnectAsync(host);
        Assert.Equal("opened", await client.GetStream().ReadLineAsync());

        client.Dispose();

        var failure = await backendRead.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal("The socket was aborted because the request was aborted.", failure?.Message);
        await backend.NextConnectionEndAsync();
    }

    [Fact]
    public async Task Sockets_of_one_connection_count_toward_its_six_and_the_seventh_waits_for_a_free_slot()
    {
        await using var backend = new CountingBackendServer();
        await using var host = await InboundConnection.StartAsync(async (socket, ctx) =>
        {
            var outbound = Enumerable.Range(0, 7).Select(_ => Sockets.Connect(backend.Address)).ToArray();
            await Task.WhenAll(outbound.Take(6).Select(s => s.Opened));
            await socket.WriteLineAsync($"six open, seventh opened: {outbound[6].Opened.IsCompleted}");
            await outbound[0].CloseAsync();
            await outbound[6].Opened;
            await socket.WriteLineAsync("seventh open after one closed");
            foreach (var s in outbound)
                await s.CloseAsync();
        });
        using var client = await InboundConnection.ConnectAsync(host);

        Assert.Equal("six open, seventh opened: False\nseventh open after one closed\n", await client.GetStream().ReadToEndAsync());
    }

    [Fact]
    public async Task Each_connection_is_its_own_scope_with_its_own_six()
    {
        await using var backend = new CountingBackendServer();
        await using var host = await InboundConnection.StartAsync(async (socket, ctx) =>
        {
            var outbound = Enumerable.Range(0, 6).Select(_ => Sockets.Connect(backend.Address)).ToArray();
            await Task.WhenAll(outbound.Select(s => s.Opened));
            await socket.WriteLineAsync("six open");
            await socket.ReadLineAsync();
            foreach (var s in outbound)
                await s.CloseAsync();
        });
        using var first = await InboundConnection.ConnectAsync(host);
        using var second = await InboundConnection.ConnectAsync(host);

        // Twelve at once: two connections, six each, none waiting on the other's slots.
        Assert.Equal("six open", await first.GetStream().ReadLineAsync());
        Assert.Equal("six open", await second.GetStream().ReadLineAsync());
        await backend.OpenReachedAsync(12);
        Assert.Equal(12, backend.MaxOpen);
    }
}
