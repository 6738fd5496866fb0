using WorkerSockets.Analyzers.Tests.Verifiers;
using Escape = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketEscapesRequestAnalyzer>;
using LeftOpen = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>The inbound socket a <c>[Worker]</c>'s <c>Connect</c> handler receives belongs to its request (docs/inbound-tcp.md).</summary>
public class InboundSocketAnalyzerTests
{
    private static string Worker(string body) => TestReferences.Usings + $$"""
        static class Shared
        {
            public static WorkerSocket? Socket;
        }

        [Worker]
        partial class GatewayWorker
        {
            private WorkerSocket? last;

            public async Task Connect(WorkerSocket socket, object env, WorkerContext ctx)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("{|WSK003:Shared.Socket = socket|}; await Task.CompletedTask;")]
    [InlineData("{|WSK003:last = socket|}; await Task.CompletedTask;")]
    [InlineData("_ = Task.Run({|WSK003:async () => await socket.CloseAsync()|}); await Task.CompletedTask;")]
    public Task The_inbound_socket_escaping_its_request_is_reported(string body) => Escape.VerifyAsync(Worker(body));

    [Theory]
    [InlineData("await socket.Writable.WriteAsync(new byte[] { 1 });")]
    [InlineData("var reply = await socket.Readable.ReadAsync(); socket.Readable.AdvanceTo(reply.Buffer.End);")]
    [InlineData("await socket.CloseAsync();")]
    public Task The_host_closes_the_inbound_socket_so_leaving_it_open_is_not_reported(string body) => LeftOpen.VerifyAsync(Worker(body));
}
