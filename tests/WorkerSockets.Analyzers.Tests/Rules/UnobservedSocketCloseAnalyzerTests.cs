using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.UnobservedSocketCloseAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class UnobservedSocketCloseAnalyzerTests
{
    [Theory]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK002:s.CloseAsync()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); _ = {|WSK002:s.CloseAsync()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK002:s.DisposeAsync()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); _ = {|WSK002:s.DisposeAsync()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK002:s.CloseAsync()|}.ConfigureAwait(false);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); Action close = () => {|WSK002:s.CloseAsync()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); Func<Task> close = async () => { await Task.Yield(); {|WSK002:s.CloseAsync()|}; };""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); void Close() { {|WSK002:s.CloseAsync()|}; } Close();""")]
    public Task Dropped_close_task_is_reported(string body) => Verify.VerifyBodyAsync(body);

    [Fact]
    public Task Dropped_close_in_a_non_async_method_is_reported()
        => Verify.VerifyAsync(TestReferences.Usings + """
            class Handler
            {
                void Close(WorkerSocket socket)
                {
                    {|WSK002:socket.CloseAsync()|};
                }
            }
            """);

    [Theory]
    [InlineData("""var s = Sockets.Connect("db:5432"); await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); await s.DisposeAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); ctx.WaitUntil(s.CloseAsync());""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); var closing = s.CloseAsync(); await closing;""")]
    [InlineData("""await using var s = Sockets.Connect("db:5432");""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); await s.CloseAsync().ConfigureAwait(false);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); Func<Task> close = () => s.CloseAsync(); await close();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); await Task.WhenAll(s.CloseAsync());""")]
    public Task Observed_close_task_is_fine(string body) => Verify.VerifyBodyAsync(body);

    [Fact]
    public Task Returned_close_task_is_fine()
        => Verify.VerifyAsync(TestReferences.Usings + """
            class Handler
            {
                Task Close(WorkerSocket socket)
                {
                    return socket.CloseAsync();
                }

                ValueTask Dispose(WorkerSocket socket) => socket.DisposeAsync();
            }
            """);

    [Fact]
    public Task Close_of_another_type_is_ignored()
        => Verify.VerifyAsync(TestReferences.Usings + """
            class Other
            {
                public Task CloseAsync() => Task.CompletedTask;
            }

            class Handler
            {
                void Close(Other other)
                {
                    other.CloseAsync();
                }
            }
            """);
}
