namespace WorkerSockets;

/// <summary>Marks a partial class as the worker's environment: the generator implements its binding properties and adds those of <c>wrangler.toml</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class WorkerEnvAttribute : Attribute
{
}
