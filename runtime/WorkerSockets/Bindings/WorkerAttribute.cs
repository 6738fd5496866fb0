namespace WorkerSockets;

/// <summary>Marks a partial class with a <c>Fetch(HttpRequestMessage, Env, WorkerContext)</c> method as the worker; the generator emits its dispatch.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class WorkerAttribute : Attribute
{
}
