using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.CodeFixVerifier<
    WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer,
    WorkerSockets.Analyzers.CodeFixes.Rules.AwaitUsingSocketFix>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class AwaitUsingSocketFixTests
{
    [Fact]
    public Task Sockets_are_declared_with_await_using_with_fix_all()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle()
                {
                    var a = {|WSK007:Sockets.Connect("db:5432")|};
                    // The second database.
                    var b = {|WSK007:Sockets.Connect("db", 5433)|};
                    await a.Opened;
                    await b.Opened;
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle()
                {
                    await using var a = Sockets.Connect("db:5432");
                    // The second database.
                    await using var b = Sockets.Connect("db", 5433);
                    await a.Opened;
                    await b.Opened;
                }
            }
            """);

    [Fact]
    public Task No_fix_in_a_void_method_because_async_void_crashes_on_failure()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                void Handle()
                {
                    var s = {|WSK007:Sockets.Connect("db:5432")|};
                    s.Writable.Complete();
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                void Handle()
                {
                    var s = {|WSK007:Sockets.Connect("db:5432")|};
                    s.Writable.Complete();
                }
            }
            """);

    [Fact]
    public Task No_fix_for_a_socket_that_is_not_declared()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle()
                {
                    await {|WSK007:Sockets.Connect("db:5432")|}.Opened;
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle()
                {
                    await {|WSK007:Sockets.Connect("db:5432")|}.Opened;
                }
            }
            """);

    [Fact]
    public Task A_socket_from_an_awaited_async_factory_is_declared_with_await_using()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                static async Task<WorkerSocket> OpenAsync(string h)
                {
                    var s = Sockets.Connect(h, 5432);
                    try { await s.Opened; return s; }
                    catch { await s.CloseAsync(); throw; }
                }

                async Task Handle()
                {
                    var s = await {|WSK007:OpenAsync("db")|}.ConfigureAwait(false);
                    await s.Writable.FlushAsync();
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                static async Task<WorkerSocket> OpenAsync(string h)
                {
                    var s = Sockets.Connect(h, 5432);
                    try { await s.Opened; return s; }
                    catch { await s.CloseAsync(); throw; }
                }

                async Task Handle()
                {
                    await using var s = await OpenAsync("db").ConfigureAwait(false);
                    await s.Writable.FlushAsync();
                }
            }
            """);

    [Fact]
    public Task No_fix_for_a_socket_held_in_a_local_of_another_type()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle()
                {
                    object r = {|WSK007:Sockets.Connect("db:5432")|};
                    await ((WorkerSocket)r).Opened;
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle()
                {
                    object r = {|WSK007:Sockets.Connect("db:5432")|};
                    await ((WorkerSocket)r).Opened;
                }
            }
            """);

    [Fact]
    public Task No_fix_for_a_socket_returned_or_stored_on_another_path()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                private WorkerSocket? kept;

                async Task<WorkerSocket?> Handle(bool keep, bool give)
                {
                    var s = {|WSK007:Sockets.Connect("db:5432")|};
                    await s.Opened;
                    if (give)
                    {
                        return s;
                    }

                    var t = {|WSK007:Sockets.Connect("db:5432")|};
                    if (keep)
                    {
                        kept = t;
                    }

                    return null;
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                private WorkerSocket? kept;

                async Task<WorkerSocket?> Handle(bool keep, bool give)
                {
                    var s = {|WSK007:Sockets.Connect("db:5432")|};
                    await s.Opened;
                    if (give)
                    {
                        return s;
                    }

                    var t = {|WSK007:Sockets.Connect("db:5432")|};
                    if (keep)
                    {
                        kept = t;
                    }

                    return null;
                }
            }
            """);

    [Fact]
    public Task A_socket_closed_on_one_path_only_is_disposed_on_every_path()
        => Verify.VerifyAsync(
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle(bool early)
                {
                    var s = {|WSK007:Sockets.Connect("db:5432")|};
                    if (early)
                    {
                        return;
                    }

                    await s.CloseAsync();
                }
            }
            """,
            TestReferences.Usings + """
            class Handler
            {
                async Task Handle(bool early)
                {
                    await using var s = Sockets.Connect("db:5432");
                    if (early)
                    {
                        return;
                    }

                    await s.CloseAsync();
                }
            }
            """);
}
