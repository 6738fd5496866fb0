using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// The local that records whether an upgrade happened: <c>WorkerSocket? tls = null; ... tls = plain.StartTls();</c>, with
/// nothing else ever written to it. Where it is <see langword="null"/> the upgrade has not run (the old socket is still
/// the live one: WSK006 stays quiet); where it is not, it has (the old socket's duty moved to the new one: WSK007).
/// </summary>
internal static class UpgradeResults
{
    /// <summary>The local <paramref name="startTls"/> is assigned to, when every other write to it is a <see langword="null"/> declaration.</summary>
    public static ILocalSymbol? LocalNullUntilRun(IInvocationOperation startTls)
    {
        if (startTls.OutermostConversion().Parent is not ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local: var local } } assignment
            || assignment.Value.WithoutConversions() != startTls)
        {
            return null;
        }

        foreach (var operation in startTls.Root().Descendants())
        {
            if (operation.Kind is not (OperationKind.VariableDeclarator or OperationKind.LocalReference))
            {
                continue;
            }

            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    if (declarator.Initializer is { Value: var initial } && initial.WithoutConversions().ConstantValue is not { HasValue: true, Value: null })
                    {
                        return null;
                    }

                    break;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) && reference.IsWrite():
                    if (reference.Parent is not ISimpleAssignmentOperation { Value: var value } || value.WithoutConversions() != startTls)
                    {
                        return null;
                    }

                    break;
            }
        }

        return local;
    }
}
