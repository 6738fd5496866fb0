using System.Globalization;
using System.Text.Json;

namespace WorkerSockets.Tests.Policy;

/// <summary>How many random cases the fuzz properties run: 20,000 in CI, more through <c>scripts/fuzz-addresses.sh</c>.</summary>
internal static class FuzzSettings
{
    public const string IterationsVariable = "WORKERSOCKETS_FUZZ_ITERATIONS";

    /// <summary>A file to write every parsed case to, one JSON line each (<c>scripts/url-differential.sh</c> reads it).</summary>
    public const string DumpVariable = "WORKERSOCKETS_FUZZ_DUMP";

    /// <summary>A case slower than this fails the property (a parser is linear; anything near this is a hang).</summary>
    public static readonly TimeSpan MaxTimePerCase = TimeSpan.FromSeconds(1);

    /// <summary>A first timing above this is taken again before it counts (see the address parser property).</summary>
    public static readonly TimeSpan StallThreshold = TimeSpan.FromMilliseconds(10);

    public static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : 20_000;

    public static CaseDump? OpenDump() =>
        Environment.GetEnvironmentVariable(DumpVariable) is { Length: > 0 } path ? new CaseDump(path) : null;

    /// <summary>Thread-safe JSON-lines writer of <c>{"a": address, "result": outcome}</c>.</summary>
    internal sealed class CaseDump(string path) : IDisposable
    {
        private readonly StreamWriter writer = new(path);

        public void Write(string address, string result)
        {
            var line = JsonSerializer.Serialize(new { a = address, result });
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }

        public void Dispose() => writer.Dispose();
    }
}
