using System.Globalization;

namespace WorkerSockets.Tests.Policy;

/// <summary>How many random cases the fuzz properties run: 20,000 in CI, more through <c>scripts/fuzz-addresses.sh</c>.</summary>
internal static class FuzzSettings
{
    public const string IterationsVariable = "WORKERSOCKETS_FUZZ_ITERATIONS";

    /// <summary>A case slower than this fails the property (a parser is linear; anything near this is a hang).</summary>
    public static readonly TimeSpan MaxTimePerCase = TimeSpan.FromSeconds(1);

    public static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : 20_000;
}
