using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// A socket opened into a local declared inside a loop and then copied into a local declared outside it
/// (<c>var candidate = Sockets.Connect(...); ... last = candidate;</c>): the outer local holds one socket at a time, so the
/// copy keeps sockets open across passes only when some path comes back round to it while the outer local still holds
/// the previous pass's socket (WSK008), and that previous socket is then overwritten unclosed (WSK007).
/// </summary>
internal static class LoopCopies
{
    /// <summary>Whether <paramref name="copy"/> (a read of a socket local stored into an outer local) is held across passes of <paramref name="loop"/>.</summary>
    public static bool HeldAcrossPasses(SocketUse copy, ILoopOperation loop, WorkerSocketsSymbols symbols, OperationAnalysisContext context)
    {
        if (copy is not { Kind: SocketUseKind.StoredInLocal, Local: { } outer, Operation: IAssignmentOperation assignment } || !outer.IsDeclaredOutside(loop))
        {
            return false;
        }

        var releases = SocketOwnership.ReleasesOf(outer, assignment.Root(), symbols);
        return ReleasePaths.HeldOnLoopBack(assignment, outer, releases, context);
    }

    /// <summary>Whether some read of <paramref name="local"/> (declared in <paramref name="loop"/>) copies its socket into an outer local that is held across passes.</summary>
    public static bool AnyHeldAcrossPasses(ILocalSymbol local, ILoopOperation loop, WorkerSocketsSymbols symbols, OperationAnalysisContext context)
    {
        foreach (var read in SocketOwnership.ReadsOf(local, loop))
        {
            if (HeldAcrossPasses(SocketOwnership.Classify(read, symbols), loop, symbols, context))
            {
                return true;
            }
        }

        return false;
    }
}
