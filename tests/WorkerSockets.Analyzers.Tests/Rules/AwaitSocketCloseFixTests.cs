using WorkerSockets.Analyzers.CodeFixes.Rules;
using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.CodeFixVerifier<
    WorkerSockets.Analyzers.Rules.UnobservedSocketCloseAnalyzer,
    WorkerSockets.Analyzers.CodeFixes.Rules.AwaitSocketCloseFix>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class AwaitSocketCloseFixTests
{
    [Fact]
    public Task Await_is_added_in_an_async_method_for_statements_and_discards_with_fix_all()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle(WorkerSocket a, WorkerSocket b, WorkerSocket c)
                {
                    await Task.Yield();
                    {|WSK002:a.CloseAsync()|};
                    _ = {|WSK002:b.DisposeAsync()|};
                    {|WSK002:c.CloseAsync()|}.ConfigureAwait(false);
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle(WorkerSocket a, WorkerSocket b, WorkerSocket c)
                {
                    await Task.Yield();
                    await a.CloseAsync();
                    await b.DisposeAsync();
                    await c.CloseAsync().ConfigureAwait(false);
                }
            }
            """,
            AwaitSocketCloseFix.AwaitKey);

    [Fact]
    public Task Await_is_not_offered_in_a_void_method_because_async_void_crashes_on_failure()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                public void Close(WorkerSocket a, WorkerSocket b)
                {
                    {|WSK002:a.CloseAsync()|};
                    {|WSK002:b.CloseAsync()|};
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                public void Close(WorkerSocket a, WorkerSocket b)
                {
                    {|WSK002:a.CloseAsync()|};
                    {|WSK002:b.CloseAsync()|};
                }
            }
            """,
            AwaitSocketCloseFix.AwaitKey);

    [Fact]
    public Task A_task_method_returning_CompletedTask_becomes_async()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                Task Close(WorkerSocket socket)
                {
                    {|WSK002:socket.CloseAsync()|};
                    return Task.CompletedTask;
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                async Task Close(WorkerSocket socket)
                {
                    await socket.CloseAsync();
                }
            }
            """,
            AwaitSocketCloseFix.AwaitKey);

    [Fact]
    public Task A_task_returning_lambda_becomes_async()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                Func<Task> Closer(WorkerSocket socket)
                {
                    Func<Task> close = () =>
                    {
                        {|WSK002:socket.CloseAsync()|};
                        return Task.CompletedTask;
                    };
                    return close;
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                Func<Task> Closer(WorkerSocket socket)
                {
                    Func<Task> close = async () =>
                    {
                        await socket.CloseAsync();
                    };
                    return close;
                }
            }
            """,
            AwaitSocketCloseFix.AwaitKey);

    [Fact]
    public Task Await_is_not_offered_where_the_method_cannot_become_async()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                int Close(WorkerSocket socket)
                {
                    {|WSK002:socket.CloseAsync()|};
                    return 1;
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                int Close(WorkerSocket socket)
                {
                    {|WSK002:socket.CloseAsync()|};
                    return 1;
                }
            }
            """,
            AwaitSocketCloseFix.AwaitKey);

    [Fact]
    public Task Close_is_handed_to_WaitUntil_when_a_context_is_in_scope_with_fix_all()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                HttpResponseMessage Fetch(HttpRequestMessage request, WorkerContext ctx)
                {
                    var a = Sockets.Connect("db:5432");
                    var b = Sockets.Connect("db:5432");
                    {|WSK002:a.CloseAsync()|};
                    _ = {|WSK002:b.DisposeAsync()|};
                    return new HttpResponseMessage();
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                HttpResponseMessage Fetch(HttpRequestMessage request, WorkerContext ctx)
                {
                    var a = Sockets.Connect("db:5432");
                    var b = Sockets.Connect("db:5432");
                    ctx.WaitUntil(a.CloseAsync());
                    ctx.WaitUntil(b.DisposeAsync().AsTask());
                    return new HttpResponseMessage();
                }
            }
            """,
            AwaitSocketCloseFix.WaitUntilKey);
}
