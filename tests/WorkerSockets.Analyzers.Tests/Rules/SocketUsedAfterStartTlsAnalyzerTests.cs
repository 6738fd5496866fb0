using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketUsedAfterStartTlsAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class SocketUsedAfterStartTlsAnalyzerTests
{
    private const string Open = """var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls }); """;

    [Theory]
    [InlineData(Open + """await using var tls = s.StartTls(); await {|WSK006:s.Writable|}.WriteAsync(new byte[1]);""")]
    [InlineData(Open + """await using var tls = s.StartTls(); var read = await {|WSK006:s.Readable|}.ReadAsync();""")]
    [InlineData(Open + """await using var tls = s.StartTls(); await {|WSK006:s.CloseAsync()|};""")]
    [InlineData(Open + """await using var tls = s.StartTls(); await {|WSK006:s.DisposeAsync()|};""")]
    [InlineData(Open + """await using var tls = s.StartTls(); var stream = {|WSK006:s.Stream|};""")]
    [InlineData(Open + """var tls = s.StartTls(); await tls.Writable.WriteAsync(new byte[1]); await {|WSK006:s.Writable|}.FlushAsync(); await tls.CloseAsync();""")]
    [InlineData(Open + """WorkerSocket? tls = null; if (host.Length > 3) { tls = s.StartTls(); } await {|WSK006:s.Writable|}.FlushAsync();""")]
    public Task Old_socket_used_after_StartTls_is_reported(string body) => Verify.VerifyBodyAsync(body);

    [Theory]
    [InlineData(Open + """await s.Writable.WriteAsync(new byte[1]); await using var tls = s.StartTls();""")]
    [InlineData(Open + """s = s.StartTls(); await s.Writable.WriteAsync(new byte[1]); await s.CloseAsync();""")]
    [InlineData(Open + """await using var tls = s.StartTls(); await tls.Writable.WriteAsync(new byte[1]);""")]
    [InlineData(Open + """await using var tls = s.StartTls(); await s.Closed; var upgraded = s.Upgraded;""")]
    [InlineData(Open + """var tls = s.StartTls(); s = Sockets.Connect("db:5432"); await s.CloseAsync(); await tls.CloseAsync();""")]
    [InlineData(Open + """await using var tls = s.StartTls(); await using var other = Sockets.Connect("db:5432"); await other.Writable.FlushAsync();""")]
    [InlineData(Open + """if (host.Length > 3) { await using var tls = s.StartTls(); await tls.Writable.FlushAsync(); } else { await s.Writable.FlushAsync(); await s.CloseAsync(); }""")]
    public Task New_socket_or_uses_before_StartTls_are_fine(string body) => Verify.VerifyBodyAsync(body);
}
