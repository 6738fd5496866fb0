using System.Linq;
using Microsoft.CodeAnalysis;

namespace WorkerSockets.Generators.Parsing;

/// <summary>What <c>Fetch</c> and <c>Connect</c> handlers share: an instance, non-generic method of (X, TEnv env, WorkerContext ctx).</summary>
internal static class HandlerShape
{
    /// <summary>Checks the common shape; returns the problem, or <see langword="null"/> with the <c>[WorkerEnv]</c> type.</summary>
    /// <param name="method">The handler.</param>
    /// <param name="name">The handler's name, for "is static" / "is generic".</param>
    /// <param name="owner">How the message refers to the method ("its", "Connect's").</param>
    /// <param name="firstParameterType">The first parameter's display name.</param>
    /// <param name="parameterList">The expected parameter list, as the message shows it.</param>
    /// <param name="env">The environment type when the shape fits.</param>
    public static string? Check(IMethodSymbol method, string name, string owner, string firstParameterType, string parameterList, out INamedTypeSymbol? env)
    {
        env = null;
        if (method.IsStatic)
        {
            return $"{name} is static";
        }

        if (method.IsGenericMethod)
        {
            return $"{name} is generic";
        }

        if (method.Parameters.Length != 3 ||
            Plain(method.Parameters[0].Type) != firstParameterType ||
            Plain(method.Parameters[2].Type) != KnownNames.WorkerContext ||
            method.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            return $"{owner} parameters must be {parameterList}";
        }

        if (method.Parameters[1].Type is not INamedTypeSymbol type || !KnownNames.HasAttribute(type, KnownNames.WorkerEnvAttribute))
        {
            return $"{owner} second parameter's type '{method.Parameters[1].Type.ToDisplayString()}' is not a [WorkerEnv] class";
        }

        env = type;
        return null;
    }

    /// <summary>The type's display name without a nullable annotation.</summary>
    public static string Plain(ITypeSymbol type) => KnownNames.Display(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
}
