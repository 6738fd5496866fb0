using WorkerSockets.Analyzers.Tests.Verifiers;
using LeftOpen = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>;
using TooMany = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.TooManyOpenSocketsAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>
/// The false alarm the eighth corpus batch (<c>Corpus/Batch8</c>) found, as a general mechanism with its firing and its
/// quiet side: a <c>using</c> statement whose resource is an assignment to a local (<c>await using (s = ...) { }</c>, also through <c>ConfigureAwait(false)</c>)
/// disposes the socket it assigns, as <c>await using (var s = ...) { }</c> does.
/// </summary>
public class Batch8MechanismTests
{
    [Theory]
    [InlineData("WorkerSocket s; await using (s = Sockets.Connect(host, 1)) { await s.Opened; }")]
    [InlineData("WorkerSocket s; await using (s = Sockets.Connect(host, 1)) { await s.Opened; } Console.WriteLine(s.Upgraded);")]
    [InlineData("var plain = Sockets.Connect(host, 1, new SocketOptions { SecureTransport = SecureTransport.StartTls }); WorkerSocket tls; await using (tls = plain.StartTls()) { await tls.Opened; }")]
    [InlineData("WorkerSocket? s = null; await using ((s = Sockets.Connect(host, 1)).ConfigureAwait(false)) { await s.Opened; }")]
    public Task WSK007_a_using_whose_resource_assigns_a_local_disposes_that_socket(string body) => LeftOpen.VerifyBodyAsync(body);

    [Theory]
    [InlineData("WorkerSocket s; await using (Sockets.Connect(host, 2)) { s = {|WSK007:Sockets.Connect(host, 1)|}; await s.Opened; }")]
    [InlineData("WorkerSocket s; WorkerSocket t; await using (t = (s = {|WSK007:Sockets.Connect(host, 1)|}).StartTls()) { await t.Opened; } await s.Opened;")]
    public Task WSK007_an_assignment_that_is_not_the_using_resource_is_still_followed(string body) => LeftOpen.VerifyBodyAsync(body);

    [Fact]
    public Task WSK007_a_socket_returned_after_a_using_that_assigned_it_is_reported()
        => LeftOpen.VerifyAsync(TestReferences.Usings + """
            class Handler
            {
                async Task<WorkerSocket> Open(string host)
                {
                    WorkerSocket s;
                    await using (s = {|WSK007:Sockets.Connect(host, 1)|}) { await s.Opened; }
                    return s;
                }
            }
            """);

    [Fact]
    public Task WSK008_sockets_closed_by_assigning_usings_free_their_slots()
        => TooMany.VerifyBodyAsync("""
            await using var a = Sockets.Connect(host, 1);
            await using var b = Sockets.Connect(host, 2);
            await using var c = Sockets.Connect(host, 3);
            await using var d = Sockets.Connect(host, 4);
            await using var e = Sockets.Connect(host, 5);
            WorkerSocket f;
            await using (f = Sockets.Connect(host, 6)) { await f.Opened; }
            WorkerSocket g;
            await using ((g = Sockets.Connect(host, 7)).ConfigureAwait(false)) { await g.Opened; }
            WorkerSocket h;
            await using (h = Sockets.Connect(host, 8)) { await h.Opened; }
            """);

    [Fact]
    public Task WSK008_a_seventh_socket_inside_an_assigning_using_still_counts()
        => TooMany.VerifyBodyAsync("""
            await using var a = Sockets.Connect(host, 1);
            await using var b = Sockets.Connect(host, 2);
            await using var c = Sockets.Connect(host, 3);
            await using var d = Sockets.Connect(host, 4);
            await using var e = Sockets.Connect(host, 5);
            WorkerSocket f;
            await using (f = Sockets.Connect(host, 6))
            {
                await using var g = {|WSK008:Sockets.Connect(host, 7)|};
            }
            """);
}
