using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.StartTlsWithoutOptionAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class StartTlsWithoutOptionAnalyzerTests
{
    [Theory]
    [InlineData("""var s = Sockets.Connect("db:5432"); await using var tls = {|WSK005:s.StartTls()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432", null); await using var tls = {|WSK005:s.StartTls()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432", new SocketOptions()); await using var tls = {|WSK005:s.StartTls()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432", new SocketOptions { AllowHalfOpen = true }); await using var tls = {|WSK005:s.StartTls()|};""")]
    [InlineData("""var s = Sockets.Connect("db", 5432, new SocketOptions { SecureTransport = SecureTransport.On }); await using var tls = {|WSK005:s.StartTls()|};""")]
    [InlineData("""var options = new SocketOptions { SecureTransport = SecureTransport.Off }; var s = Sockets.Connect("db:5432", options); await using var tls = {|WSK005:s.StartTls()|};""")]
    [InlineData("""await using var tls = {|WSK005:Sockets.Connect(new DnsEndPoint(host, 5432)).StartTls()|};""")]
    public Task StartTls_without_the_option_is_an_error(string body) => Verify.VerifyBodyAsync(body);

    [Theory]
    [InlineData("""var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls }); await using var tls = s.StartTls();""")]
    [InlineData("""var options = new SocketOptions { SecureTransport = SecureTransport.StartTls }; var s = Sockets.Connect("db:5432", options); await using var tls = s.StartTls();""")]
    [InlineData("""var s = Sockets.Connect("db", 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls, AllowHalfOpen = true }); await using var tls = s.StartTls();""")]
    [InlineData("""var transport = Enum.Parse<SecureTransport>(host); var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = transport }); await using var tls = s.StartTls();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls }); await using var tls = s.StartTls();""")]
    [InlineData("""var options = new SocketOptions { SecureTransport = SecureTransport.StartTls }; await using var tls = Sockets.Connect("db:5432", options with { AllowHalfOpen = true }).StartTls();""")]
    public Task StartTls_with_the_option_or_unknown_options_is_fine(string body) => Verify.VerifyBodyAsync(body);

    [Fact]
    public Task StartTls_on_a_parameter_is_not_judged()
        => Verify.VerifyAsync(Verifiers.TestReferences.Usings + """
            class Handler
            {
                WorkerSocket Upgrade(WorkerSocket socket) => socket.StartTls();
            }
            """);
}
