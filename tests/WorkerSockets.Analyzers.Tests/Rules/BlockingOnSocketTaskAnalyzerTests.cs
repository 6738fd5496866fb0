using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.BlockingOnSocketTaskAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class BlockingOnSocketTaskAnalyzerTests
{
    [Theory]
    [InlineData("""await using var s = Sockets.Connect("db:5432"); var info = {|WSK009:s.Opened.Result|};""")]
    [InlineData("""await using var s = Sockets.Connect("db:5432"); {|WSK009:s.Opened.Wait()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK009:s.CloseAsync().Wait()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK009:s.CloseAsync().GetAwaiter().GetResult()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK009:s.DisposeAsync().GetAwaiter().GetResult()|};""")]
    [InlineData("""await using var s = Sockets.Connect("db:5432"); {|WSK009:s.Closed.Wait()|};""")]
    [InlineData("""await using var s = Sockets.Connect("db:5432"); var opened = s.Opened; var info = {|WSK009:opened.Result|};""")]
    [InlineData("""await using var s = Sockets.Connect("db:5432"); var info = {|WSK009:s.Opened.ConfigureAwait(false).GetAwaiter().GetResult()|};""")]
    [InlineData("""await using var s = Sockets.Connect("db:5432"); {|WSK009:Task.WaitAll(s.Opened, s.Closed)|};""")]
    public Task Blocking_on_socket_tasks_is_reported(string body) => Verify.VerifyBodyAsync(body);

    [Theory]
    [InlineData("""await using var s = Sockets.Connect("db:5432"); var info = await s.Opened;""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); await s.CloseAsync();""")]
    [InlineData("""await using var s = Sockets.Connect("db:5432"); var done = s.Closed.IsCompleted;""")]
    [InlineData("""var result = Task.FromResult(1).Result;""")]
    [InlineData("""Task.Delay(1).Wait();""")]
    [InlineData("""await using var s = Sockets.Connect("db:5432"); if (s.Opened.IsCompletedSuccessfully) { var info = s.Opened.Result; }""", true)]
    public Task Awaiting_or_other_tasks_are_fine(string body, bool completedCheckStillReported = false)
        => completedCheckStillReported
            ? Verify.VerifyBodyAsync(body.Replace("s.Opened.Result", "{|WSK009:s.Opened.Result|}"))
            : Verify.VerifyBodyAsync(body);

    [Fact]
    public Task Blocking_in_a_sync_method_is_reported()
        => Verify.VerifyAsync(TestReferences.Usings + """
            class Handler
            {
                SocketInfo Open(WorkerSocket socket) => {|WSK009:socket.Opened.Result|};
            }
            """);
}
