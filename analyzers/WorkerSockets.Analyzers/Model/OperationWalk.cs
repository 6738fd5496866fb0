using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace WorkerSockets.Analyzers.Model;

/// <summary>What a walk does after visiting an operation.</summary>
internal enum WalkStep
{
    /// <summary>Go on into the operation's children.</summary>
    Continue,

    /// <summary>Leave the operation's children out.</summary>
    Skip,

    /// <summary>End the walk.</summary>
    Stop,
}

/// <summary>Visits one operation of a walk; <paramref name="state"/> carries what the walk looks for and finds.</summary>
internal delegate WalkStep OperationVisitor<TState>(IOperation operation, ref TState state);

/// <summary>
/// A pre-order walk of an operation tree (the order of <c>Descendants()</c>) without its iterator and interface tests:
/// the rules walk the bodies that hold sockets many times, and those walks were a large part of their cost. It recurses
/// over the struct child enumerator; below a fixed depth it goes on with an explicit stack, so a long chain of nested
/// expressions cannot exhaust the compiler's stack.
/// </summary>
internal static class OperationWalk
{
    private const int MaxRecursion = 100;

    /// <summary>Visits <paramref name="operation"/> and its descendants; <see langword="true"/> when a visit stopped the walk.</summary>
    public static bool Visit<TState>(IOperation operation, ref TState state, OperationVisitor<TState> visitor)
        => Visit(operation, ref state, visitor, 0);

    /// <summary>Visits the descendants of <paramref name="operation"/>, not the operation itself.</summary>
    public static bool VisitDescendants<TState>(IOperation operation, ref TState state, OperationVisitor<TState> visitor)
    {
        foreach (var child in operation.ChildOperations)
        {
            if (Visit(child, ref state, visitor, 1))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Visit<TState>(IOperation operation, ref TState state, OperationVisitor<TState> visitor, int depth)
    {
        switch (visitor(operation, ref state))
        {
            case WalkStep.Stop:
                return true;
            case WalkStep.Skip:
                return false;
        }

        if (depth >= MaxRecursion)
        {
            return VisitOnStack(operation, ref state, visitor);
        }

        foreach (var child in operation.ChildOperations)
        {
            if (Visit(child, ref state, visitor, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The descendants of an operation already visited, in the same order, on a stack of child enumerators.</summary>
    private static bool VisitOnStack<TState>(IOperation operation, ref TState state, OperationVisitor<TState> visitor)
    {
        var pending = new Stack<IOperation.OperationList.Enumerator>();
        pending.Push(operation.ChildOperations.GetEnumerator());
        while (pending.Count > 0)
        {
            var children = pending.Pop();
            if (!children.MoveNext())
            {
                continue;
            }

            var current = children.Current;
            pending.Push(children);
            switch (visitor(current, ref state))
            {
                case WalkStep.Stop:
                    return true;
                case WalkStep.Skip:
                    continue;
            }

            pending.Push(current.ChildOperations.GetEnumerator());
        }

        return false;
    }
}
