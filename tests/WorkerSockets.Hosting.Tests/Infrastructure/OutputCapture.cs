using System.Text;

namespace WorkerSockets.Hosting.Tests.Infrastructure;

/// <summary>
/// Captures what the dev server prints and completes <see cref="WaitForAsync"/> once a fragment has appeared, so a test
/// waits on the output itself instead of polling or sleeping.
/// </summary>
public sealed class OutputCapture : StringWriter
{
    private readonly object _gate = new();
    private readonly List<(string Fragment, TaskCompletionSource<string> Seen)> _waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>The captured text, split into lines.</summary>
    public string[] Lines => ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Completes with the whole output once it contains <paramref name="fragment"/>.</summary>
    public Task<string> WaitForAsync(string fragment)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((fragment, seen));
            Check();
        }

        return seen.Task.WaitAsync(TestTimeouts.Default);
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            base.Write(value);
            Check();
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
            Check();
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            base.Write(buffer, index, count);
            Check();
        }
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    private void Check()
    {
        var text = GetStringBuilder().ToString();
        foreach (var (fragment, seen) in _waiters)
        {
            if (text.Contains(fragment, StringComparison.Ordinal))
                seen.TrySetResult(text);
        }
    }
}
