using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.CodeFixVerifier<
    WorkerSockets.Analyzers.Rules.StartTlsWithoutOptionAnalyzer,
    WorkerSockets.Analyzers.CodeFixes.Rules.SetStartTlsOptionFix>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class SetStartTlsOptionFixTests
{
    private static string Method(string body) => TestReferences.Usings + $$"""
        class Handler
        {
            async Task Handle()
            {
        {{body}}
            }
        }
        """;

    [Fact]
    public Task Options_are_added_when_the_connect_has_none_with_fix_all()
        => Verify.VerifyAsync(
            Method("""
                    await using var a = Sockets.Connect("db:5432");
                    await using var tlsA = {|WSK005:a.StartTls()|};
                    await using var b = Sockets.Connect("db", 5432, null);
                    await using var tlsB = {|WSK005:b.StartTls()|};
            """),
            Method("""
                    await using var a = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls });
                    await using var tlsA = a.StartTls();
                    await using var b = Sockets.Connect("db", 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
                    await using var tlsB = b.StartTls();
            """));

    [Fact]
    public Task An_existing_SecureTransport_value_is_replaced()
        => Verify.VerifyAsync(
            Method("""
                    await using var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.On, AllowHalfOpen = true });
                    await using var tls = {|WSK005:s.StartTls()|};
            """),
            Method("""
                    await using var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls, AllowHalfOpen = true });
                    await using var tls = s.StartTls();
            """));

    [Fact]
    public Task The_property_is_added_to_options_held_in_a_local()
        => Verify.VerifyAsync(
            Method("""
                    var options = new SocketOptions { AllowHalfOpen = true };
                    await using var s = Sockets.Connect("db:5432", options);
                    await using var tls = {|WSK005:s.StartTls()|};
            """),
            Method("""
                    var options = new SocketOptions { AllowHalfOpen = true, SecureTransport = SecureTransport.StartTls };
                    await using var s = Sockets.Connect("db:5432", options);
                    await using var tls = s.StartTls();
            """));

    [Fact]
    public Task An_initializer_is_added_to_empty_options()
        => Verify.VerifyAsync(
            Method("""
                    await using var s = Sockets.Connect("db:5432", new SocketOptions());
                    await using var tls = {|WSK005:s.StartTls()|};
            """),
            Method("""
                    await using var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls });
                    await using var tls = s.StartTls();
            """));

    [Fact]
    public Task Options_another_connect_reads_are_reported_but_not_edited()
        => Verify.VerifyAsync(
            Method("""
                    var options = new SocketOptions { AllowHalfOpen = true };
                    await using var plain = Sockets.Connect("cache:6379", options);
                    await using var s = Sockets.Connect("db:5432", options);
                    await using var tls = {|WSK005:s.StartTls()|};
            """),
            Method("""
                    var options = new SocketOptions { AllowHalfOpen = true };
                    await using var plain = Sockets.Connect("cache:6379", options);
                    await using var s = Sockets.Connect("db:5432", options);
                    await using var tls = {|WSK005:s.StartTls()|};
            """));

    [Fact]
    public Task A_file_without_the_using_gets_the_using_not_qualified_names()
        => Verify.VerifyAsync(
            """
            using System.Threading.Tasks;

            class Handler
            {
                async Task Handle()
                {
                    await using var s = WorkerSockets.Sockets.Connect("db:5432");
                    await using var tls = {|WSK005:s.StartTls()|};
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using WorkerSockets;

            class Handler
            {
                async Task Handle()
                {
                    await using var s = WorkerSockets.Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls });
                    await using var tls = s.StartTls();
                }
            }
            """);
}
