using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class SocketLeftOpenAnalyzerTests
{
    [Theory]
    [InlineData("""var s = {|WSK007:Sockets.Connect("db:5432")|}; await s.Writable.FlushAsync();""")]
    [InlineData("""var s = {|WSK007:Sockets.Connect("db", 5432)|}; await s.Opened;""")]
    [InlineData("""{|WSK007:Sockets.Connect("db:5432")|};""")]
    [InlineData("""await {|WSK007:Sockets.Connect("db:5432")|}.Opened;""")]
    [InlineData("""var s = {|WSK007:Sockets.Connect(new DnsEndPoint(host, 5432))|}; var info = await s.Opened; Console.WriteLine(info);""")]
    [InlineData("""await using var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls }); var tls = {|WSK007:s.StartTls()|}; await tls.Writable.FlushAsync();""")]
    [InlineData("""var s = {|WSK007:Sockets.Connect("db:5432")|}; if (host.Length > 3) { return; } await s.CloseAsync();""")]
    [InlineData("""var s = {|WSK007:Sockets.Connect("db:5432")|}; if (host.Length > 3) { await s.CloseAsync(); }""")]
    [InlineData("""var s = {|WSK007:Sockets.Connect("db:5432")|}; switch (host) { case "a": await s.CloseAsync(); break; default: break; }""")]
    [InlineData("""for (var i = 0; i < 3; i++) { var s = {|WSK007:Sockets.Connect("db:5432")|}; if (i == 1) { continue; } await s.CloseAsync(); }""")]
    [InlineData("""var s = {|WSK007:Sockets.Connect("db:5432")|}; Use(s); static void Use(WorkerSocket socket) { }""")]
    public Task Socket_never_closed_is_reported(string body) => Verify.VerifyBodyAsync(body);

    [Theory]
    [InlineData("""await using var s = Sockets.Connect("db:5432"); await s.Writable.FlushAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); await s.DisposeAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); ctx.WaitUntil(s.CloseAsync());""")]
    [InlineData("""await using (var s = Sockets.Connect("db:5432")) { await s.Opened; }""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); var list = new List<WorkerSocket>(); list.Add(s);""")]
    [InlineData("""var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls }); await using var tls = s.StartTls();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); ctx.WaitUntil(Task.Run(async () => await s.CloseAsync()));""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); await Close(s); static async Task Close(WorkerSocket socket) => await socket.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); try { await s.Opened; } finally { await s.CloseAsync(); }""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); try { if (host.Length > 3) { return; } await s.Opened; } finally { await s.CloseAsync(); }""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); if (host.Length > 3) { await s.CloseAsync(); return; } await s.DisposeAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); if (host.Length > 3) { await s.CloseAsync(); } else { ctx.WaitUntil(s.CloseAsync()); }""")]
    public Task Socket_whose_ownership_ends_is_fine(string body) => Verify.VerifyBodyAsync(body);

    [Fact]
    public Task Returned_or_stored_sockets_are_fine()
        => Verify.VerifyAsync(TestReferences.Usings + """
            sealed class Pool
            {
                private WorkerSocket? socket;
                public WorkerSocket Open() => Sockets.Connect("db:5432");
                public WorkerSocket OpenLocal() { var s = Sockets.Connect("db:5432"); return s; }
                public void Keep() { socket = Sockets.Connect("db:5432"); }
                public void KeepLocal() { var s = Sockets.Connect("db:5432"); socket = s; }
                public Connection Wrap() => new Connection(Sockets.Connect("db:5432"));
            }

            sealed record Connection(WorkerSocket Socket);
            """);
}
