using WorkerSockets.Analyzers.Tests.Verifiers;
using GlobalScope = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.ConnectInGlobalScopeAnalyzer>;
using LeftOpen = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>;
using TooMany = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.TooManyOpenSocketsAnalyzer>;
using UsedAfter = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketUsedAfterStartTlsAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>
/// The miss the sixth corpus batch (<c>Corpus/Batch6</c>, the Cloudflare TCP-sockets examples in C#) found, as a general
/// mechanism with its firing and its quiet side: the socket's Stream view, or a reader, writer or <c>StreamContent</c>
/// built over it by a referenced assembly, carries the socket's life with it. Returning it or storing it (the docs'
/// Gopher example, <c>return new Response(socket.readable)</c>) hands the socket over, as disposing it closes it — by a
/// <c>using</c> or by an explicit <c>Dispose()</c>, <c>DisposeAsync()</c> or <c>Close()</c>. Later rounds found two more:
/// a static initializer that calls a socket factory in source connects in global scope (WSK004), and handing the old
/// socket after <c>StartTls()</c> to a helper in source that reads, writes or closes it uses it (WSK006).
/// </summary>
public class Batch6MechanismTests
{
    private static string InClass(string members) => TestReferences.Usings + $$"""
        using System.IO;

        sealed class Holder { public StreamReader? Reader { get; set; } public Stream? View { get; set; } }

        sealed class Framed(Stream inner) : IAsyncDisposable { public ValueTask DisposeAsync() => inner.DisposeAsync(); }

        class Handler
        {
            {{members}}
        }
        """;

    [Theory]
    [InlineData("HttpResponseMessage Gopher(string host) { var s = Sockets.Connect(host, 70); return new HttpResponseMessage { Content = new StreamContent(s.Stream) }; }")]
    [InlineData("HttpResponseMessage Gopher(string host) { var s = Sockets.Connect(host, 70); var response = new HttpResponseMessage(); response.Content = new StreamContent(s.Stream); return response; }")]
    [InlineData("StreamReader Reader(string host) { var s = Sockets.Connect(host, 1); return new StreamReader(s.Stream); }")]
    [InlineData("StreamReader Reader(string host) { var s = Sockets.Connect(host, 1); return new StreamReader(new BufferedStream(s.Stream)); }")]
    [InlineData("Stream View(string host) { var s = Sockets.Connect(host, 1); return s.Stream; }")]
    [InlineData("void Keep(string host, Holder holder) { var s = Sockets.Connect(host, 1); holder.Reader = new StreamReader(s.Stream); }")]
    [InlineData("void Keep(string host, List<Stream> views) { var s = Sockets.Connect(host, 1); views.Add(new BufferedStream(s.Stream)); }")]
    public Task WSK007_a_view_or_wrapper_returned_or_stored_hands_the_socket_over(string members) => LeftOpen.VerifyAsync(InClass(members));

    [Theory]
    [InlineData("StreamReader Reader(string host) { var s = {|WSK007:Sockets.Connect(host, 1)|}; return new StreamReader(s.Stream, leaveOpen: true); }")]
    [InlineData("Framed Own(string host) { var s = {|WSK007:Sockets.Connect(host, 1)|}; return new Framed(s.Stream); }")]
    [InlineData("async Task<string> Read(string host) { var s = {|WSK007:Sockets.Connect(host, 1)|}; var reader = new StreamReader(s.Stream); return await reader.ReadToEndAsync(); }")]
    [InlineData("async Task<long> Copy(string host, Stream body) { var s = {|WSK007:Sockets.Connect(host, 1)|}; await body.CopyToAsync(s.Stream); return body.Length; }")]
    [InlineData("HttpResponseMessage Gopher(string host) { var s = {|WSK007:Sockets.Connect(host, 70)|}; var content = new StreamContent(s.Stream); return new HttpResponseMessage(); }")]
    public Task WSK007_a_view_kept_borrowed_left_open_or_wrapped_by_own_code_still_leaks(string members) => LeftOpen.VerifyAsync(InClass(members));

    [Theory]
    [InlineData("async Task View(string host) { var s = Sockets.Connect(host, 1); var stream = s.Stream; await stream.WriteAsync(new byte[] { 1 }); await stream.DisposeAsync(); }")]
    [InlineData("void View(string host) { var s = Sockets.Connect(host, 1); s.Stream.Dispose(); }")]
    [InlineData("async Task Writer(string host) { var s = Sockets.Connect(host, 1); var writer = new StreamWriter(s.Stream); await writer.WriteAsync(\"hi\"); await writer.DisposeAsync(); }")]
    [InlineData("void Reader(string host) { var s = Sockets.Connect(host, 1); var reader = new StreamReader(new BufferedStream(s.Stream)); reader.ReadLine(); reader.Close(); }")]
    [InlineData("async Task<string> Local(string host) { var s = Sockets.Connect(host, 1); var stream = s.Stream; using var reader = new StreamReader(stream); return await reader.ReadToEndAsync(); }")]
    [InlineData("Stream Local(string host) { var s = Sockets.Connect(host, 1); var stream = s.Stream; return stream; }")]
    public Task WSK007_an_explicit_Dispose_or_Close_of_the_view_or_a_wrapper_closes_the_socket(string members) => LeftOpen.VerifyAsync(InClass(members));

    [Theory]
    [InlineData("async Task View(string host) { var s = {|WSK007:Sockets.Connect(host, 1)|}; var stream = s.Stream; await stream.WriteAsync(new byte[] { 1 }); await stream.FlushAsync(); }")]
    [InlineData("void Writer(string host) { var s = {|WSK007:Sockets.Connect(host, 1)|}; var writer = new StreamWriter(s.Stream, leaveOpen: true); writer.Write(1); writer.Dispose(); }")]
    [InlineData("void Own(string host) { var s = {|WSK007:Sockets.Connect(host, 1)|}; var framed = new Framed(s.Stream); framed.DisposeAsync(); }")]
    [InlineData("async Task<string> Local(string host) { var s = {|WSK007:Sockets.Connect(host, 1)|}; var stream = s.Stream; using var reader = new StreamReader(stream, leaveOpen: true); return await reader.ReadToEndAsync(); }")]
    public Task WSK007_a_view_that_is_only_used_or_a_wrapper_that_leaves_it_open_still_leaks(string members) => LeftOpen.VerifyAsync(InClass(members));

    private static string SevenOpen(string second) => InClass($$"""
            async Task<HttpResponseMessage> Many(string host)
            {
                var h = new Holder();
                var b = Sockets.Connect(host, 2); {{second}}
                await using var c = Sockets.Connect(host, 3);
                await using var d = Sockets.Connect(host, 4);
                await using var e = Sockets.Connect(host, 5);
                await using var f = Sockets.Connect(host, 6);
                await using var g = Sockets.Connect(host, 7);
                await using var i = Sockets.Connect(host, 8)/*7*/;
                return new HttpResponseMessage();
            }
            """);

    [Theory]
    [InlineData("h.Reader = new StreamReader(b.Stream);")]
    [InlineData("h.View = b.Stream;")]
    public Task WSK008_a_socket_whose_view_is_handed_over_no_longer_counts(string second) => TooMany.VerifyAsync(SevenOpen(second));

    [Theory]
    [InlineData("var reader = new StreamReader(b.Stream);")]
    [InlineData("h.Reader = new StreamReader(b.Stream, leaveOpen: true);")]
    public Task WSK008_a_socket_whose_view_stays_here_still_counts(string second)
        => TooMany.VerifyAsync(SevenOpen(second).Replace("Sockets.Connect(host, 8)/*7*/", "{|WSK008:Sockets.Connect(host, 8)|}", StringComparison.Ordinal));

    private const string Factories = """
        static class Db
        {
            public static WorkerSocket Open() => Sockets.Connect("db:5432");
            public static async Task<WorkerSocket> OpenAsync() { var s = Sockets.Connect("db:5432"); await s.Opened; return s; }
            public static WorkerSocket Existing(WorkerSocket s) => s;
            public static int Port() => 5432;
        }

        """;

    [Fact]
    public Task WSK004_a_static_or_worker_initializer_that_calls_a_socket_factory_connects_in_global_scope()
        => GlobalScope.VerifyAsync(TestReferences.Usings + Factories + """
            static class Shared
            {
                public static readonly WorkerSocket A = {|WSK004:Db.Open()|};
                public static Task<WorkerSocket> B { get; } = {|WSK004:Db.OpenAsync()|};
                static readonly WorkerSocket C;
                static Shared() { C = {|WSK004:Db.Open()|}; }
            }

            [Worker]
            partial class W
            {
                private readonly WorkerSocket d = {|WSK004:Db.Open()|};
            }
            """);

    [Fact]
    public Task WSK004_a_factory_called_where_it_runs_per_request_or_a_method_that_is_no_factory_is_quiet()
        => GlobalScope.VerifyAsync(TestReferences.Usings + Factories + """
            static class Shared
            {
                public static WorkerSocket Fresh => Db.Open();
                public static readonly Func<WorkerSocket> Make = () => Db.Open();
                public static readonly int Port = Db.Port();
                static readonly WorkerSocket Given = Db.Existing(null!);
                public static WorkerSocket Open() => Db.Open();
            }

            class Plain
            {
                private readonly WorkerSocket e = Db.Open();
            }
            """);

    private const string IoHelpers = """
        static class Io
        {
            public static Task SendAsync(WorkerSocket s, byte[] b) => s.Writable.WriteAsync(b).AsTask();
            public static Task HelloAsync(WorkerSocket s) => SendAsync(s, new byte[] { 1 });
            public static Task ByeAsync(this WorkerSocket s) => s.CloseAsync();
            public static Task<bool> Recurse(WorkerSocket s, int n) => n > 0 ? Recurse(s, n - 1) : Task.FromResult(s.Upgraded);
            public static bool Upgraded(WorkerSocket s) => s.Upgraded;
            public static void Log(WorkerSocket s) => Console.WriteLine(s.SecureTransport);
        }

        """;

    [Theory]
    [InlineData("var tls = s.StartTls(); await Io.SendAsync({|WSK006:s|}, new byte[] { 1 }); await tls.CloseAsync();")]
    [InlineData("await using var tls = s.StartTls(); await Io.HelloAsync({|WSK006:s|});")]
    [InlineData("await using var tls = s.StartTls(); await {|WSK006:s|}.ByeAsync();")]
    public Task WSK006_the_old_socket_handed_to_a_helper_that_does_io_on_it_is_a_use(string body)
        => UsedAfter.VerifyAsync(TestReferences.Usings + IoHelpers + $$"""
            class Handler { async Task Handle(WorkerSocket s) { {{body}} } }
            """);

    [Theory]
    [InlineData("await using var tls = s.StartTls(); Io.Log(s); _ = Io.Upgraded(s); _ = await Io.Recurse(s, 3);")]
    [InlineData("await using var tls = s.StartTls(); ArgumentNullException.ThrowIfNull(s); Console.WriteLine(s);")]
    [InlineData("await Io.HelloAsync(s); s = s.StartTls(); await Io.HelloAsync(s); await s.CloseAsync();")]
    [InlineData("Func<WorkerSocket, Task> send = x => x.CloseAsync(); await using var tls = s.StartTls(); await send(s);")]
    public Task WSK006_the_old_socket_handed_to_a_helper_that_only_inspects_it_or_before_the_upgrade_is_quiet(string body)
        => UsedAfter.VerifyAsync(TestReferences.Usings + IoHelpers + $$"""
            class Handler { async Task Handle(WorkerSocket s) { {{body}} } }
            """);
}
