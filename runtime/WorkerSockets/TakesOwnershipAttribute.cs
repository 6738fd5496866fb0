namespace WorkerSockets;

/// <summary>
/// Marks a method, or one of its parameters, that takes ownership of the <see cref="WorkerSocket"/> it is given: from
/// then on the method (or what it stores the socket in) closes it. The analyzers (WSK007) then stop asking the caller
/// to close that socket. Without the mark, passing a socket to a method in a referenced assembly is a borrow.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Method, Inherited = false)]
public sealed class TakesOwnershipAttribute : Attribute
{
}
