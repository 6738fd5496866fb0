using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.TooManyOpenSocketsAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class TooManyOpenSocketsAnalyzerTests
{
    private const string SixOpen = """
        await using var s1 = Sockets.Connect("db:5432");
        await using var s2 = Sockets.Connect("db:5432");
        await using var s3 = Sockets.Connect("db:5432");
        await using var s4 = Sockets.Connect("db:5432");
        await using var s5 = Sockets.Connect("db:5432");
        await using var s6 = Sockets.Connect("db:5432");
        """;

    [Theory]
    [InlineData("""var all = new List<WorkerSocket>(); for (var i = 0; i < 10; i++) { all.Add({|WSK008:Sockets.Connect("db:5432")|}); }""")]
    [InlineData("""var all = new List<WorkerSocket>(); foreach (var h in new[] { "a:1", "b:2" }) { var s = {|WSK008:Sockets.Connect(h)|}; all.Add(s); }""")]
    [InlineData("""var all = new WorkerSocket[8]; for (var i = 0; i < all.Length; i++) { all[i] = {|WSK008:Sockets.Connect("db:5432")|}; }""")]
    [InlineData("""WorkerSocket? last = null; for (var i = 0; i < 3; i++) { last = {|WSK008:Sockets.Connect("db:5432")|}; } if (last is not null) await last.CloseAsync();""")]
    [InlineData("""var map = new Dictionary<int, WorkerSocket>(); var i = 0; do { map[i] = {|WSK008:Sockets.Connect("db:5432")|}; i++; } while (i < 10);""")]
    [InlineData(SixOpen + """await using var s7 = {|WSK008:Sockets.Connect("db:5432")|};""")]
    [InlineData(SixOpen + """var s7 = {|WSK008:Sockets.Connect("db:5432")|}; await s7.CloseAsync();""")]
    public Task Too_many_open_sockets_are_reported(string body) => Verify.VerifyBodyAsync(body);

    [Theory]
    [InlineData("""for (var i = 0; i < 10; i++) { await using var s = Sockets.Connect("db:5432"); await s.Opened; }""")]
    [InlineData("""foreach (var h in new[] { "a:1", "b:2" }) { var s = Sockets.Connect(h); await s.Opened; await s.CloseAsync(); }""")]
    [InlineData("""var tasks = new List<Task>(); for (var i = 0; i < 3; i++) { tasks.Add(Sockets.Connect("db:5432").CloseAsync()); } await Task.WhenAll(tasks);""")]
    [InlineData(SixOpen)]
    [InlineData(SixOpen + """await s1.CloseAsync(); await using var s7 = Sockets.Connect("db:5432");""")]
    [InlineData("""for (var i = 0; i < 3; i++) { ctx.WaitUntil(Task.Run(async () => { var all = new List<WorkerSocket> { Sockets.Connect("db:5432") }; await all[0].CloseAsync(); })); }""")]
    public Task Sockets_closed_in_time_are_fine(string body) => Verify.VerifyBodyAsync(body);
}
