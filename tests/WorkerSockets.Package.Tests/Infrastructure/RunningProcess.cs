using System.Diagnostics;
using System.Text;

namespace WorkerSockets.Package.Tests.Infrastructure;

/// <summary>A started CLI process whose stdout and stderr are collected into one buffer; disposing kills it.</summary>
internal sealed class RunningProcess(Process process, string commandLine) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    public Process Process { get; } = process;

    public string CommandLine { get; } = commandLine;

    private readonly StringBuilder _output = new();

    public void Begin()
    {
        Process.OutputDataReceived += (_, e) => Append(e.Data);
        Process.ErrorDataReceived += (_, e) => Append(e.Data);
        Process.Start();
        Process.StandardInput.Close();
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    /// <summary>Completes with the first output line (past or future) that matches.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        lock (_gate)
        {
            var seen = _output.ToString().Split('\n').FirstOrDefault(line => match(line));
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }

            var tcs = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, tcs));
            return tcs.Task;
        }
    }

    public string OutputText()
    {
        lock (_gate)
        {
            return _output.ToString();
        }
    }

    public void Kill()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Not started, or exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(line);
            }
        }
    }
}
