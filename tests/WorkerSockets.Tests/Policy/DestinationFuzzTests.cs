using System.Diagnostics;
using System.Net;
using CsCheck;
using Xunit.Abstractions;

namespace WorkerSockets.Tests.Policy;

public sealed class DestinationFuzzTests(ITestOutputHelper output)
{
    private static readonly SocketPolicy ProductionWithoutDns =
        SocketPolicy.Production.WithResolver((name, _) => throw new InvalidOperationException($"resolver called for {name}"));

    [Fact]
    public void Every_written_form_of_a_denied_address_is_denied_in_production()
    {
        var (cases, elapsed) = Run(DestinationGenerators.DeniedDestination, host =>
        {
            var ex = Record.Exception(() => Resolve(ProductionWithoutDns, host));
            Assert.IsType<SocketPolicyException>(ex, exactMatch: true);
        });

        output.WriteLine($"fuzz: denied destinations: {cases:N0} cases in {elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Every_written_form_of_a_public_IPv4_address_normalises_to_that_address()
    {
        // The control for the property above: denial must come from the address, not from failing to read it.
        var gen = DestinationGenerators.PublicIpv4.SelectMany(address => Gen.OneOf(
            DestinationGenerators.Ipv4Text(Gen.Const(address)),
            DestinationGenerators.EmbeddedIpv4Text(Gen.Const(address)).Where(IsMapped))
            .Select(text => (address, text)));

        var (cases, elapsed) = Run(gen, pair =>
        {
            var expected = new IPAddress(new[] { (byte)(pair.address >> 24), (byte)(pair.address >> 16), (byte)(pair.address >> 8), (byte)pair.address });
            Assert.Equal([expected], Resolve(ProductionWithoutDns, pair.text));
        });

        output.WriteLine($"fuzz: public destinations: {cases:N0} cases in {elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void A_hostname_whose_answers_include_a_denied_address_is_denied()
    {
        var denied = Gen.OneOf(
            DestinationGenerators.DeniedIpv4.Select(ToAddress),
            DestinationGenerators.DeniedIpv4.Select(a => ToAddress(a).MapToIPv6()),
            DestinationGenerators.DeniedIpv6.Select(b => new IPAddress(b)));
        var publicAnswer = DestinationGenerators.PublicIpv4.Select(ToAddress);
        var answers = Gen.Select(publicAnswer.Array[0, 4], denied.Array[1, 3], Gen.Int, (good, bad, seed) =>
            good.Concat(bad).OrderBy(a => HashCode.Combine(a, seed)).ToArray());

        var (cases, elapsed) = Run(answers, addresses =>
        {
            var policy = SocketPolicy.Production.WithResolver((_, _) => Task.FromResult(addresses));
            var ex = Record.Exception(() => Resolve(policy, "service.example.com"));
            Assert.IsType<SocketPolicyException>(ex, exactMatch: true);
        });

        output.WriteLine($"fuzz: hostnames with a denied answer: {cases:N0} cases in {elapsed.TotalSeconds:F1} s");
    }

    private static bool IsMapped(string text) =>
        text.TrimStart('[').StartsWith("::ffff:", StringComparison.OrdinalIgnoreCase)
        || text.TrimStart('[').StartsWith("0:0:0:0:0:ffff:", StringComparison.OrdinalIgnoreCase);

    private static IPAddress ToAddress(uint a) => new(new[] { (byte)(a >> 24), (byte)(a >> 16), (byte)(a >> 8), (byte)a });

    private static IPAddress[] Resolve(SocketPolicy policy, string host)
    {
        var pending = policy.ResolveAllowedAsync(host, CancellationToken.None);

        // Numeric hosts and the fake resolver complete synchronously; anything else would be a bug worth seeing.
        Assert.True(pending.IsCompleted, $"resolving {host} did not complete synchronously");
        return pending.GetAwaiter().GetResult();
    }

    private static TimeSpan Time<T>(Action<T> property, T value)
    {
        var started = Stopwatch.GetTimestamp();
        property(value);
        return Stopwatch.GetElapsedTime(started);
    }

    private static (long Cases, TimeSpan Elapsed) Run<T>(Gen<T> gen, Action<T> property)
    {
        var iterations = FuzzSettings.Iterations;
        long cases = 0;
        var total = Stopwatch.StartNew();
        gen.Sample(
            value =>
            {
                var elapsed = Time(property, value);
                if (elapsed > FuzzSettings.StallThreshold)
                {
                    elapsed = TimeSpan.FromTicks(Math.Min(elapsed.Ticks, Time(property, value).Ticks)); // a stall, or slow?
                }

                Interlocked.Increment(ref cases);
                Assert.True(elapsed < FuzzSettings.MaxTimePerCase, $"one case took {elapsed.TotalMilliseconds} ms");
            },
            iter: iterations);
        total.Stop();
        Assert.True(cases >= iterations, $"ran {cases} of {iterations} cases");
        return (cases, total.Elapsed);
    }
}
