using System.Runtime.CompilerServices;
using System.Text;

namespace WorkerSockets.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated code with <c>Snapshots/&lt;Test&gt;.&lt;hint&gt;.verified.cs</c>. A mismatch writes <c>.received.cs</c> beside it
/// and fails with a line diff; <c>WORKERSOCKETS_ACCEPT_SNAPSHOTS=1</c> accepts the received text instead.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "WORKERSOCKETS_ACCEPT_SNAPSHOTS";

    public static void Verify(string testName, string hintName, string actual, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(FindProjectDirectory(callerPath), "Snapshots");
        var stem = Path.Combine(directory, $"{testName}.{hintName.Replace(".g.cs", "", StringComparison.Ordinal)}");
        var verified = stem + ".verified.cs";
        var received = stem + ".received.cs";
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified}; wrote {received}. Review it, then rename it or run with {AcceptVariable}=1."
            : $"Snapshot {verified} differs; wrote {received}. Set {AcceptVariable}=1 to accept.{Environment.NewLine}{Diff(expected, actual)}");
    }

    private static string FindProjectDirectory(string callerPath)
    {
        for (var dir = Path.GetDirectoryName(callerPath); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.EnumerateFiles(dir, "*.csproj").Any())
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"No project directory above {callerPath}.");
    }

    /// <summary>A small line diff: the differing lines with their numbers, at most 40.</summary>
    private static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var builder = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < Math.Max(a.Length, b.Length) && shown < 40; i++)
        {
            var left = i < a.Length ? a[i] : null;
            var right = i < b.Length ? b[i] : null;
            if (left == right)
            {
                continue;
            }

            shown++;
            if (left is not null)
            {
                builder.Append(CultureInfoInvariant($"- {i + 1,4}: {left}")).Append('\n');
            }

            if (right is not null)
            {
                builder.Append(CultureInfoInvariant($"+ {i + 1,4}: {right}")).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);
}
