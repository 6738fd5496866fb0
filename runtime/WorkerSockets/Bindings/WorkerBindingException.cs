namespace WorkerSockets;

/// <summary>Thrown at start-up when bindings are missing or malformed; names every one, never a secret's value.</summary>
public sealed class WorkerBindingException : Exception
{
    /// <summary>Creates the exception from the list of problems, one line per binding.</summary>
    /// <param name="problems">Each problem, e.g. <c>DB_PASSWORD (secret): missing</c>.</param>
    public WorkerBindingException(IReadOnlyList<string> problems)
        : base($"{problems.Count} worker binding(s) missing or malformed:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}")
    {
        Problems = problems;
    }

    /// <summary>Each problem, one per binding.</summary>
    public IReadOnlyList<string> Problems { get; }
}
