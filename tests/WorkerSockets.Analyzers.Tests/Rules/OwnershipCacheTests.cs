using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>
/// The callee-ownership cache answers the same whichever method is analysed first. Inside a recursion the analysis
/// assumes a borrow for the parameter it is already deciding; an answer that rests on that assumption must not be
/// cached, or a later caller of the other method in the cycle gets a wrong "borrows".
/// </summary>
public class OwnershipCacheTests
{
    private static string Source(string body) => TestReferences.Usings + $$"""
        static class Relay
        {
            // Close and Forward call each other; Close closes the socket at the end of the chain, so both take ownership.
            public static async Task Close(WorkerSocket socket, int hops)
            {
                if (hops > 0)
                {
                    await Forward(socket, hops - 1);
                    return;
                }

                await socket.CloseAsync();
            }

            public static Task Forward(WorkerSocket socket, int hops) => Close(socket, hops);

            // Ping and Echo call each other and only read: both borrow.
            public static async Task Ping(WorkerSocket socket, int hops)
            {
                await socket.Opened;
                if (hops > 0)
                {
                    await Echo(socket, hops - 1);
                }
            }

            public static Task Echo(WorkerSocket socket, int hops) => Ping(socket, hops);
        }

        class Handler
        {
            async Task Handle()
            {
                {{body}}
            }
        }
        """;

    [Theory]
    // Close is decided first (Forward's answer leans on the assumption about Close), then Forward is asked on its own.
    [InlineData("""var a = Sockets.Connect("a:1"); await Relay.Close(a, 2); var b = Sockets.Connect("b:1"); await Relay.Forward(b, 2);""")]
    [InlineData("""var b = Sockets.Connect("b:1"); await Relay.Forward(b, 2); var a = Sockets.Connect("a:1"); await Relay.Close(a, 2);""")]
    public async Task Both_methods_of_a_recursion_that_closes_take_ownership_in_either_order(string body)
        => await Verify.VerifyAsync(Source(body));

    [Theory]
    [InlineData("""var a = {|WSK007:Sockets.Connect("a:1")|}; await Relay.Ping(a, 2); var b = {|WSK007:Sockets.Connect("b:1")|}; await Relay.Echo(b, 2);""")]
    [InlineData("""var b = {|WSK007:Sockets.Connect("b:1")|}; await Relay.Echo(b, 2); var a = {|WSK007:Sockets.Connect("a:1")|}; await Relay.Ping(a, 2);""")]
    public async Task Both_methods_of_a_recursion_that_only_reads_borrow_in_either_order(string body)
        => await Verify.VerifyAsync(Source(body));
}
