using Microsoft.CodeAnalysis.Testing;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.HttpPortConnectAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class HttpPortConnectAnalyzerTests
{
    [Theory]
    [InlineData("""await using var s = Sockets.Connect({|WSK010:"example.com:443"|});""")]
    [InlineData("""await using var s = Sockets.Connect({|WSK010:"example.com:80"|});""")]
    [InlineData("""await using var s = Sockets.Connect(host, {|WSK010:443|});""")]
    [InlineData("""await using var s = Sockets.Connect({|WSK010:new DnsEndPoint(host, 80)|});""")]
    [InlineData("""await using var s = Sockets.Connect({|WSK010:$"{host}:443"|});""")]
    [InlineData("""const int Https = 443; await using var s = Sockets.Connect(host, {|WSK010:Https|});""")]
    public Task HTTP_ports_get_a_suggestion(string body) => Verify.VerifyBodyAsync(body);

    [Theory]
    [InlineData("""await using var s = Sockets.Connect("example.com:8443");""")]
    [InlineData("""await using var s = Sockets.Connect("example.com:8080");""")]
    [InlineData("""await using var s = Sockets.Connect(host, 5432);""")]
    [InlineData("""await using var s = Sockets.Connect(host, configuredPort);""")]
    [InlineData("""await using var s = Sockets.Connect("example.com:4430");""")]
    [InlineData("""using var client = new HttpClient(); await client.GetAsync("https://example.com:443/");""")]
    public Task Other_ports_are_fine(string body) => Verify.VerifyBodyAsync(body);

    [Fact]
    public Task The_suggestion_is_info_and_names_the_port()
        => Verify.VerifyAsync(
            Verifiers.TestReferences.InMethod("""await using var s = Sockets.Connect(host, 443);"""),
            new DiagnosticResult("WSK010", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithSpan(13, 51, 13, 54).WithArguments(443));
}
