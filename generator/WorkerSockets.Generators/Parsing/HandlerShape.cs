using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
    /// <param name="implicitEnv">
    /// When the shape fits but the environment type is a simple name that does not resolve (<c>Env env</c> with no
    /// <c>Env</c> declared): that name, for the generator to declare as the worker's implicit <c>[WorkerEnv]</c> class,
    /// as <c>wrangler types</c> writes an <c>Env</c> nobody declared. <paramref name="env"/> is then <see langword="null"/>.
    /// </param>
    public static string? Check(IMethodSymbol method, string name, string owner, string firstParameterType, string parameterList, out INamedTypeSymbol? env, out string? implicitEnv)
    {
        env = null;
        implicitEnv = null;
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

        if (UndeclaredName(method.Parameters[1]) is { } undeclared)
        {
            implicitEnv = undeclared;
            return null;
        }

        if (method.Parameters[1].Type is not INamedTypeSymbol type || !KnownNames.HasAttribute(type, KnownNames.WorkerEnvAttribute))
        {
            return $"{owner} second parameter's type '{method.Parameters[1].Type.ToDisplayString()}' is not a [WorkerEnv] class";
        }

        env = type;
        return null;
    }

    /// <summary>
    /// The parameter's type name when it is written as a plain identifier (<c>Env</c>, <c>Env?</c>) that names nothing at
    /// all; not when the name is ambiguous, inaccessible or of the wrong kind (those are the user's to fix).
    /// </summary>
    private static string? UndeclaredName(IParameterSymbol parameter)
    {
        // An unresolved `Env?` binds as Nullable<Env>: the compiler cannot know the missing type is a class.
        var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: [var underlying] } ? underlying : parameter.Type;
        if (type is not IErrorTypeSymbol { CandidateReason: CandidateReason.None, CandidateSymbols.Length: 0, Arity: 0 } missing)
        {
            return null;
        }

        var written = (parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as ParameterSyntax)?.Type;
        if (written is NullableTypeSyntax nullable)
        {
            written = nullable.ElementType;
        }

        return written is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == missing.Name ? missing.Name : null;
    }

    /// <summary>The type's display name without a nullable annotation.</summary>
    public static string Plain(ITypeSymbol type) => KnownNames.Display(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
}
