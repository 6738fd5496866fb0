using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CsCheck;
using WorkerSockets.Policy;
using Xunit.Abstractions;

namespace WorkerSockets.Tests.Policy;

public sealed class AddressParserFuzzTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> DocumentedMessages =
    [
        AddressParser.MissingPortMessage,
        AddressParser.MissingHostnameMessage,
        AddressParser.CouldNotBeParsedMessage,
        AddressParser.InvalidHostMessage,
    ];

    [Fact]
    public void Any_string_parses_to_an_address_that_round_trips_or_throws_one_documented_ArgumentException()
    {
        var iterations = FuzzSettings.Iterations;
        long cases = 0, parsed = 0, maxTicks = 0, stalls = 0;
        var rejections = DocumentedMessages.ToDictionary(m => m, _ => new StrongBox<long>());

        // JIT the parser and its exception paths first, so the per-case bound measures parsing, not compilation.
        foreach (var warmUp in new[] { "example.com:80", "[::1]:80", "x", ":1", "a b:1", "", "/" })
        {
            _ = CheckOne(warmUp);
        }

        using var dump = FuzzSettings.OpenDump();
        var total = Stopwatch.StartNew();

        AddressGenerators.Address.Sample(
            address =>
            {
                var outcome = CheckOne(address);
                var elapsed = TimeOne(address);
                if (elapsed > FuzzSettings.StallThreshold)
                {
                    // On a loaded machine a thread can be descheduled or paused by a GC mid-case; timing the same
                    // input again separates that from the parser itself being slow on it.
                    Interlocked.Increment(ref stalls);
                    elapsed = TimeSpan.FromTicks(Math.Min(elapsed.Ticks, TimeOne(address).Ticks));
                }

                Assert.True(elapsed < FuzzSettings.MaxTimePerCase, $"parsing took {elapsed.TotalMilliseconds} ms");
                InterlockedMax(ref maxTicks, elapsed.Ticks);
                Interlocked.Increment(ref cases);
                Interlocked.Increment(ref outcome.Message is { } message ? ref rejections[message].Value : ref parsed);
                dump?.Write(address, outcome.Message ?? $"ok {outcome.Host} {outcome.Port}");
            },
            iter: iterations,
            print: address => address.Length > 300 ? $"\"{address[..300]}\"... ({address.Length} chars)" : JsonSerializer.Serialize(address));

        total.Stop();
        Assert.True(cases >= iterations, $"ran {cases} of {iterations} cases");
        Assert.True(parsed > cases / 20, $"only {parsed} of {cases} cases parsed: the generator is not reaching valid addresses");
        Assert.All(rejections, pair => Assert.True(pair.Value.Value > 0, $"no case was rejected with \"{pair.Key}\""));
        output.WriteLine(
            $"fuzz: address parser: {cases:N0} cases ({parsed:N0} parsed, {cases - parsed:N0} rejected) in {total.Elapsed.TotalSeconds:F1} s; "
            + $"slowest case {TimeSpan.FromTicks(maxTicks).TotalMilliseconds:F2} ms "
            + $"({stalls:N0} first timings over {FuzzSettings.StallThreshold.TotalMilliseconds} ms were re-timed)");
        foreach (var (message, count) in rejections)
        {
            output.WriteLine($"fuzz:   {count.Value,10:N0} x {message}");
        }
    }

    /// <summary>How long one parse of <paramref name="address"/> takes, exceptions included.</summary>
    private static TimeSpan TimeOne(string address)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            _ = AddressParser.Parse(address);
        }
        catch (ArgumentException)
        {
            // The outcome was checked already; only the time matters here.
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Parses once and checks the property; returns the host and port, or the documented message.</summary>
    private static (string? Host, int Port, string? Message) CheckOne(string address)
    {
        (string Host, int Port) result;
        try
        {
            result = AddressParser.Parse(address);
        }
        catch (Exception ex)
        {
            Assert.IsType<ArgumentException>(ex, exactMatch: true);
            Assert.Contains(ex.Message, DocumentedMessages);
            return (null, 0, ex.Message);
        }

        Assert.NotEmpty(result.Host);
        Assert.InRange(result.Port, 0, 65535);
        Assert.True(AddressParser.IsValidHost(address), "a parsed address must pass the character and length check");
        var again = AddressParser.Parse(AddressParser.Format(result.Host, result.Port));
        Assert.Equal(result, again);
        return (result.Host, result.Port, null);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
