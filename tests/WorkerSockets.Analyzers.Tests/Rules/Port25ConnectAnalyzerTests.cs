using WorkerSockets.Analyzers.Rules;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.Port25ConnectAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class Port25ConnectAnalyzerTests
{
    [Theory]
    [InlineData("""await using var s = Sockets.Connect({|WSK001:"smtp.example.com:25"|});""")]
    [InlineData("""await using var s = Sockets.Connect({|WSK001:"[2001:db8::1]:25"|});""")]
    [InlineData("""const string Smtp = "mail.example.com:25"; await using var s = Sockets.Connect({|WSK001:Smtp|});""")]
    [InlineData("""await using var s = Sockets.Connect({|WSK001:$"{host}:25"|});""")]
    [InlineData("""const int Port = 25; await using var s = Sockets.Connect({|WSK001:$"{host}:{Port}"|});""")]
    [InlineData("""await using var s = Sockets.Connect({|WSK001:host + ":25"|});""")]
    [InlineData("""await using var s = Sockets.Connect({|WSK001:host + ":" + 25|});""")]
    [InlineData("""await using var s = Sockets.Connect(new DnsEndPoint(host, 25));""", true)]
    [InlineData("""await using var s = Sockets.Connect({|WSK001:new IPEndPoint(IPAddress.Loopback, 25)|});""")]
    [InlineData("""await using var s = Sockets.Connect(host, {|WSK001:25|});""")]
    [InlineData("""const int SmtpPort = 25; await using var s = Sockets.Connect(host, {|WSK001:SmtpPort|});""")]
    [InlineData("""var port = 25; await using var s = Sockets.Connect(host, {|WSK001:port|});""")]
    [InlineData("""var address = "smtp.example.com:25"; await using var s = Sockets.Connect({|WSK001:address|});""")]
    [InlineData("""var endpoint = new DnsEndPoint(host, 25); await using var s = Sockets.Connect({|WSK001:endpoint|});""")]
    [InlineData("""await using var s = Sockets.Connect(host, {|WSK001:25|}, new SocketOptions { AllowHalfOpen = true });""")]
    public Task Port_25_known_at_compile_time_is_an_error(string body, bool endpointInline = false)
        => Verify.VerifyBodyAsync(endpointInline ? body.Replace("new DnsEndPoint(host, 25)", "{|WSK001:new DnsEndPoint(host, 25)|}") : body);

    [Theory]
    [InlineData("""await using var s = Sockets.Connect("smtp.example.com:2525");""")]
    [InlineData("""await using var s = Sockets.Connect("smtp.example.com:250");""")]
    [InlineData("""await using var s = Sockets.Connect("smtp.example.com:587");""")]
    [InlineData("""await using var s = Sockets.Connect(host, 587);""")]
    [InlineData("""await using var s = Sockets.Connect(host, configuredPort);""")]
    [InlineData("""await using var s = Sockets.Connect($"{host}:{configuredPort}");""")]
    [InlineData("""await using var s = Sockets.Connect(new DnsEndPoint(host, configuredPort));""")]
    [InlineData("""var port = 25; port = configuredPort; await using var s = Sockets.Connect(host, port);""")]
    [InlineData("""await using var s = Sockets.Connect("[::25]:5432");""")]
    [InlineData("""await using var s = Sockets.Connect(host + ":" + configuredPort);""")]
    [InlineData("""await using var s = Sockets.Connect($"{host}:25{configuredPort}");""")]
    [InlineData("""var port = Environment.GetEnvironmentVariable("SMTP_PORT"); await using var s = Sockets.Connect(host + ":" + port);""")]
    public Task Other_or_unknown_ports_are_fine(string body) => Verify.VerifyBodyAsync(body);

    [Fact]
    public Task A_port_25_connect_in_a_field_initializer_is_reported_too()
        => Verify.VerifyAsync(Verifiers.TestReferences.Usings + """
            class Mailer
            {
                private readonly WorkerSocket socket = Sockets.Connect("mail.example.com", {|WSK001:25|});
            }
            """);

    [Fact]
    public Task Severity_none_in_editorconfig_turns_the_rule_off()
    {
        const string severity = "none";
        var test = new Verify.Test { TestCode = Verifiers.TestReferences.InMethod("""await using var s = Sockets.Connect("smtp.example.com:25");""") };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[*.cs]\ndotnet_diagnostic.WSK001.severity = {severity}\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Pragma_suppresses_the_error()
        => Verify.VerifyBodyAsync("""
            #pragma warning disable WSK001 // a test relay on a sealed network
                    await using var s = Sockets.Connect("smtp.example.com:25");
            #pragma warning restore WSK001
            """);
}
