namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>
/// What the generated <c>CreateFetch</c> does with bindings, written by hand: read each one, collect every missing
/// one, and throw one <see cref="WorkerBindingException"/> naming them all.
/// </summary>
public sealed class HandWrittenBindings(Func<string, string?> bindings)
{
    private readonly List<string> _problems = [];

    public string Var(string name) => Read(name, "var");

    public string Secret(string name) => Read(name, "secret");

    public void ThrowIfAnyMissing()
    {
        if (_problems.Count > 0)
            throw new WorkerBindingException(_problems);
    }

    private string Read(string name, string kind)
    {
        var value = bindings(name);
        if (value is null)
            _problems.Add($"{name} ({kind}): missing");
        return value ?? "";
    }
}
