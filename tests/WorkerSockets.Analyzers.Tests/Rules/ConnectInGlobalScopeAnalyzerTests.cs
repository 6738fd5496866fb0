using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.ConnectInGlobalScopeAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class ConnectInGlobalScopeAnalyzerTests
{
    private static string Class(string members) => TestReferences.Usings + $$"""
        static class Database
        {
            {{members}}
        }
        """;

    [Theory]
    [InlineData("""public static readonly WorkerSocket Socket = {|WSK004:Sockets.Connect("db:5432")|};""")]
    [InlineData("""public static WorkerSocket Socket { get; } = {|WSK004:Sockets.Connect("db", 5432)|};""")]
    [InlineData("""public static readonly WorkerSocket Socket; static Database() { Socket = {|WSK004:Sockets.Connect("db:5432")|}; }""")]
    [InlineData("""static Database() { _ = {|WSK004:Sockets.Connect(new DnsEndPoint("db", 5432))|}; }""")]
    [InlineData("""[System.Runtime.CompilerServices.ModuleInitializer] internal static void Init() { _ = {|WSK004:Sockets.Connect("db:5432")|}; }""")]
    [InlineData("""public static readonly Task<SocketInfo> Opened = {|WSK004:Sockets.Connect("db:5432")|}.Opened;""")]
    public Task Connect_in_global_scope_is_an_error(string members) => Verify.VerifyAsync(Class(members));

    [Theory]
    [InlineData("""public static WorkerSocket Open() => Sockets.Connect("db:5432");""")]
    [InlineData("""public static readonly Func<WorkerSocket> Factory = () => Sockets.Connect("db:5432");""")]
    [InlineData("""public static readonly Lazy<WorkerSocket> Socket = new(() => Sockets.Connect("db:5432"));""")]
    [InlineData("""public static WorkerSocket Socket => Sockets.Connect("db:5432");""")]
    [InlineData("""static Database() { static WorkerSocket Open() => Sockets.Connect("db:5432"); _ = (Func<WorkerSocket>)Open; }""")]
    [InlineData("""public static readonly string Address = "db:5432";""")]
    public Task Connect_that_runs_later_is_fine(string members) => Verify.VerifyAsync(Class(members));

    [Fact]
    public Task Instance_initializers_and_constructors_are_not_global_scope()
        => Verify.VerifyAsync(TestReferences.Usings + """
            sealed class PerRequest
            {
                private readonly WorkerSocket socket = Sockets.Connect("db:5432");
                private readonly WorkerSocket other;
                public PerRequest() { other = Sockets.Connect("db:5432"); }
            }
            """);
}
