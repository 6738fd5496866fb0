using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WorkerSockets.Generators.Parsing;

/// <summary>What <c>Fetch</c> and <c>Connect</c> handlers share: an instance, non-generic method of (X, TEnv env, WorkerContext ctx).</summary>
internal static class HandlerShape
{
    /// <summary>Checks the common shape; returns the problem, or <see langword="null"/> with the <c>[WorkerEnv]</c> type.</summary>
    /// <param name="method">The handler.</param>
    /// <param name="handler">What the handler kind expects.</param>
    /// <param name="env">The environment type when the shape fits.</param>
    /// <param name="implicitEnv">
    /// When the shape fits but the environment type is a simple name that does not resolve (<c>Env env</c> with no
    /// <c>Env</c> declared): that name, for the generator to declare as the worker's implicit <c>[WorkerEnv]</c> class,
    /// as <c>wrangler types</c> writes an <c>Env</c> nobody declared. <paramref name="env"/> is then <see langword="null"/>.
    /// </param>
    public static string? Check(IMethodSymbol method, HandlerMistakes.Handler handler, out INamedTypeSymbol? env, out string? implicitEnv)
    {
        env = null;
        implicitEnv = null;
        if (method.IsStatic)
        {
            return $"{handler.Name} is static: remove 'static' (the generated code calls it on the worker's one instance)";
        }

        if (method.IsGenericMethod)
        {
            return $"{handler.Name} is generic: remove its type parameters; write {HandlerMistakes.Expected(handler, method)}";
        }

        if (method.Parameters.Length != 3 ||
            Plain(method.Parameters[0].Type) != handler.InputType ||
            Plain(method.Parameters[2].Type) != KnownNames.WorkerContext ||
            method.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            return HandlerMistakes.Parameters(handler, method);
        }

        if (UndeclaredName(method.Parameters[1]) is { } undeclared)
        {
            implicitEnv = undeclared;
            return null;
        }

        if (method.Parameters[1].Type is not INamedTypeSymbol type || !KnownNames.HasAttribute(type, KnownNames.WorkerEnvAttribute))
        {
            return $"{handler.Name}'s second parameter's type '{method.Parameters[1].Type.ToDisplayString()}' is not a [WorkerEnv] class: mark it [WorkerEnv] (and partial), or name a class nobody declares, such as Env, for the generator to declare";
        }

        env = type;
        return null;
    }

    /// <summary>
    /// The parameter's type name when it is written as a plain identifier (<c>Env</c>, <c>Env?</c>) that names nothing at
    /// all; not when the name is ambiguous, inaccessible or of the wrong kind (those are the user's to fix).
    /// </summary>
    internal static string? UndeclaredName(IParameterSymbol parameter)
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

    /// <summary>
    /// For a handler that does not fit: the undeclared environment name it was meant to take (<c>Env</c> in
    /// <c>Fetch(HttpRequestMessage request, WorkerContext ctx, Env env)</c>), so the generator still declares it and the
    /// compiler's CS0246, a declaration error that stops analyzers, does not hide the WSK101 that says how to fix it.
    /// The second parameter or one named <c>env</c>; never the first (a request type missing its <c>using</c>).
    /// </summary>
    public static string? UndeclaredEnvironment(IMethodSymbol method) =>
        method.Parameters
            .Where(p => p.Ordinal > 0 && (p.Ordinal == 1 || string.Equals(p.Name, "env", System.StringComparison.OrdinalIgnoreCase)))
            .OrderBy(p => string.Equals(p.Name, "env", System.StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .Select(UndeclaredName)
            .FirstOrDefault(name => name is not null);

    /// <summary>
    /// Whether a handler of the worker, fitting or not, takes a <c>[WorkerEnv]</c> class: the analyzer sees the
    /// compilation with the generated <c>Env</c>, so a worker that names one has an environment class (no WSK110).
    /// </summary>
    public static bool NamesAnEnvironment(INamedTypeSymbol worker) =>
        worker.GetMembers().OfType<IMethodSymbol>()
            .Where(m => HandlerMistakes.IsNearMiss(m.Name))
            .SelectMany(m => m.Parameters)
            .Any(p => p.Type is INamedTypeSymbol type && KnownNames.HasAttribute(type, KnownNames.WorkerEnvAttribute));

    /// <summary>The type's display name without a nullable annotation.</summary>
    public static string Plain(ITypeSymbol type) => KnownNames.Display(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
}
