using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WorkerSockets.Reliability.Tests.Infrastructure;

/// <summary>One captured log entry.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    /// <summary>Everything this entry would print: message and the whole exception (type, message, inner exceptions, stack).</summary>
    public string FullText => Exception is null ? Message : Message + Environment.NewLine + Exception;
}

/// <summary>Keeps every log entry at every level, and lets a test wait (bounded) until enough entries of a kind arrived.</summary>
/// <param name="keep">Which entries to keep (all when <see langword="null"/>).</param>
/// <param name="retain">Whether kept entries are stored; long runs only count them, so the log does not grow the heap they measure.</param>
public sealed class CapturingLoggerProvider(Func<LogEntry, bool>? keep = null, bool retain = true) : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<LogEntry, bool> Match, int Count, TaskCompletionSource Reached)> _waiters = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _countWaiters = [];
    private int _kept;

    /// <summary>How many entries passed <c>keep</c>, stored or not.</summary>
    public int Kept => Volatile.Read(ref _kept);

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>A logger for direct use with <see cref="WorkerContext.RunAsync(Func{WorkerContext, Task}, SocketPolicy?, ILogger?, CancellationToken)"/>.</summary>
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

    /// <summary>Completes once at least <paramref name="count"/> entries match <paramref name="match"/>.</summary>
    public Task WaitForAsync(Func<LogEntry, bool> match, int count, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_entries.Count(match) >= count)
                return Task.CompletedTask;
            _waiters.Add((match, count, reached));
        }

        return reached.Task.WaitAsync(timeout);
    }

    /// <summary>Completes once at least <paramref name="count"/> entries passed <c>keep</c>.</summary>
    public Task WaitForKeptAsync(int count, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_kept >= count)
                return Task.CompletedTask;
            _countWaiters.Add((count, reached));
        }

        return reached.Task.WaitAsync(timeout);
    }

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        if (keep is not null && !keep(entry))
            return;
        lock (_gate)
        {
            _kept++;
            foreach (var waiter in _countWaiters.Where(w => _kept >= w.Count).ToList())
            {
                _countWaiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }

            if (!retain)
                return;
            _entries.Enqueue(entry);
            foreach (var waiter in _waiters.Where(w => w.Match(entry) && _entries.Count(w.Match) >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }

    private sealed class CapturingLogger(string category, CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
