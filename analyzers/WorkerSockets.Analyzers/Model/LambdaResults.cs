using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// What a factory lambda hands back (WSK003's shared factories: <c>new Lazy&lt;Task&lt;WorkerSocket&gt;&gt;(...)</c>,
/// <c>GetOrAdd(key, _ =&gt; ...)</c>): a socket it opens reaches the lambda's result directly or through a task wrapper.
/// </summary>
internal static class LambdaResults
{
    /// <summary>
    /// Whether the socket <paramref name="connect"/> opens is what <paramref name="lambda"/> hands back: returned directly
    /// (through a ternary or switch), wrapped in <c>Task.FromResult</c>, or kept in a local the lambda returns
    /// (<c>async () =&gt; { var s = Sockets.Connect(...); await s.Opened; return s; }</c>).
    /// </summary>
    public static bool HandsBack(IAnonymousFunctionOperation lambda, IOperation connect, WorkerSocketsSymbols symbols)
    {
        var use = SocketOwnership.Classify(connect, symbols);
        if (use.Kind == SocketUseKind.Returned || IsReturnedBy(lambda, connect))
        {
            return true;
        }

        if (use.Kind == SocketUseKind.StoredInLocal && use.Local is { } local)
        {
            foreach (var read in SocketOwnership.ReadsOf(local, lambda))
            {
                if (IsReturnedBy(lambda, read))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="value"/> is returned by <paramref name="lambda"/>, also through <c>Task.FromResult</c>/<c>AsTask</c>/<c>await</c>.</summary>
    private static bool IsReturnedBy(IAnonymousFunctionOperation lambda, IOperation value)
    {
        var current = value.OutermostConversion();
        for (var depth = 0; depth < 4; depth++)
        {
            switch (current.Parent)
            {
                case IReturnOperation returned:
                    return returned.EnclosingFunction() == lambda;
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } wrap }:
                    current = wrap.OutermostConversion();
                    break;
                case IInvocationOperation { TargetMethod.Name: "AsTask" or "ConfigureAwait" } wrap when wrap.Instance == current:
                    current = wrap.OutermostConversion();
                    break;
                case IAwaitOperation awaited:
                    current = awaited.OutermostConversion();
                    break;
                default:
                    return false;
            }
        }

        return false;
    }
}
