using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.CodeFixVerifier<
    WorkerSockets.Analyzers.Rules.BlockingOnSocketTaskAnalyzer,
    WorkerSockets.Analyzers.CodeFixes.Rules.AwaitSocketTaskFix>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class AwaitSocketTaskFixTests
{
    [Fact]
    public Task Every_blocking_form_becomes_await_with_fix_all()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle(WorkerSocket s)
                {
                    var info = {|WSK009:s.Opened.Result|};
                    var address = {|WSK009:s.Opened.Result|}.RemoteAddress;
                    {|WSK009:s.Opened.Wait()|};
                    {|WSK009:s.CloseAsync().GetAwaiter().GetResult()|};
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle(WorkerSocket s)
                {
                    var info = await s.Opened;
                    var address = (await s.Opened).RemoteAddress;
                    await s.Opened;
                    await s.CloseAsync();
                }
            }
            """);

    [Fact]
    public Task A_task_method_becomes_async()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                Task Close(WorkerSocket s)
                {
                    {|WSK009:s.CloseAsync().Wait()|};
                    return Task.CompletedTask;
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                async Task Close(WorkerSocket s)
                {
                    await s.CloseAsync();
                }
            }
            """);

    [Fact]
    public Task No_fix_where_the_method_cannot_become_async()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                SocketInfo Open(WorkerSocket s) => {|WSK009:s.Opened.Result|};
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                SocketInfo Open(WorkerSocket s) => {|WSK009:s.Opened.Result|};
            }
            """);

    [Fact]
    public Task No_fix_in_a_sync_method_that_returns_nothing_or_a_value()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                void Close(WorkerSocket s) => {|WSK009:s.CloseAsync().Wait()|};
                int Port(WorkerSocket s) { return {|WSK009:s.Opened.Result|}.RemoteAddress.Length; }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                void Close(WorkerSocket s) => {|WSK009:s.CloseAsync().Wait()|};
                int Port(WorkerSocket s) { return {|WSK009:s.Opened.Result|}.RemoteAddress.Length; }
            }
            """);

    [Fact]
    public Task A_return_in_the_middle_stays_and_becomes_bare()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                Task Close(WorkerSocket s, bool skip)
                {
                    if (skip)
                    {
                        return Task.CompletedTask;
                    }

                    {|WSK009:s.CloseAsync().Wait()|};
                    return Task.CompletedTask;
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                async Task Close(WorkerSocket s, bool skip)
                {
                    if (skip)
                    {
                        return;
                    }

                    await s.CloseAsync();
                }
            }
            """);
}
