using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using WorkerSockets.Generators.Diagnostics;
using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Parsing;

/// <summary>Turns a <c>[Worker]</c> class symbol into a <see cref="WorkerModel"/>; the analyzer passes a reporter to get the WSK1xx problems.</summary>
internal static class WorkerParser
{
    public static WorkerModel? Parse(INamedTypeSymbol type, Action<Diagnostic>? report)
    {
        var model = ParseHandlers(type, report, TypeShape.Check(type, "Worker", report));
        if (model?.ImplicitEnvName is null)
        {
            // Still declare the Env a class that does not fit meant to take: else the compiler's CS0246, a declaration
            // error, stops the build before WSK100/WSK101 say what to fix.
            var meant = model?.ImplicitEnvName ?? type.GetMembers().OfType<IMethodSymbol>()
                .Where(m => HandlerMistakes.IsNearMiss(m.Name))
                .Select(HandlerShape.UndeclaredEnvironment)
                .FirstOrDefault(name => name is not null);
            if (meant is not null)
            {
                return (model ?? new WorkerModel(TypeShape.Namespace(type), type.Name, TypeShape.Keyword(type), KnownNames.Display(type), null, default) { CanEmit = false })
                    with { ImplicitEnvName = meant };
            }
        }

        return model;
    }

    private static WorkerModel? ParseHandlers(INamedTypeSymbol type, Action<Diagnostic>? report, bool shapeOk)
    {
        var candidates = type.GetMembers("Fetch").OfType<IMethodSymbol>().ToArray();
        var connect = ConnectParser.Parse(type, report, out var hasConnectMethod);
        if (candidates.Length == 0 && hasConnectMethod)
        {
            // A connection-only worker: Connect's own problems were reported by ConnectParser.
            return shapeOk && connect is not null
                ? new WorkerModel(TypeShape.Namespace(type), type.Name, TypeShape.Keyword(type), KnownNames.Display(type), connect.EnvFullyQualifiedName, FetchReturn.Sync) { HasFetch = false, Connect = connect, ImplicitEnvName = connect?.ImplicitEnvName }
                : null;
        }

        string? problem = candidates.Length == 0 ? HandlerMistakes.NoHandler(type) : null;
        IMethodSymbol? fetch = null;
        FetchReturn returns = default;
        string? implicitEnv = null;
        foreach (var candidate in candidates)
        {
            problem = Check(candidate, out returns, out implicitEnv);
            if (problem is null)
            {
                fetch = candidate;
                break;
            }
        }

        if (fetch is null)
        {
            var location = candidates.FirstOrDefault()?.Locations.FirstOrDefault() ?? type.Locations.FirstOrDefault();
            report?.Invoke(Diagnostic.Create(DiagnosticDescriptors.InvalidFetchSignature, location, type.Name, problem));
            return shapeOk
                ? new WorkerModel(TypeShape.Namespace(type), type.Name, TypeShape.Keyword(type), KnownNames.Display(type), null, default, $"[Worker] class '{type.Name}' has no valid Fetch method: {problem} (WSK101)")
                : null;
        }

        var envName = implicitEnv is null
            ? KnownNames.Display(fetch.Parameters[1].Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated))
            : ImplicitEnv.FullyQualifiedName(TypeShape.Namespace(type), implicitEnv);
        return shapeOk
            ? new WorkerModel(TypeShape.Namespace(type), type.Name, TypeShape.Keyword(type), KnownNames.Display(type), envName, returns) { Connect = connect, ImplicitEnvName = implicitEnv ?? connect?.ImplicitEnvName }
            : null;
    }

    private static string? Check(IMethodSymbol method, out FetchReturn returns, out string? implicitEnv)
    {
        returns = FetchReturn.Sync;
        if (HandlerShape.Check(method, HandlerMistakes.Fetch, out _, out implicitEnv) is { } problem)
        {
            return problem;
        }

        var result = method.ReturnType as INamedTypeSymbol;
        if (HandlerShape.Plain(method.ReturnType) == KnownNames.HttpResponseMessage)
        {
            returns = FetchReturn.Sync;
            return null;
        }

        if (result is { TypeArguments.Length: 1 } && HandlerShape.Plain(result.TypeArguments[0]) == KnownNames.HttpResponseMessage)
        {
            var definition = KnownNames.Display(result.OriginalDefinition);
            if (definition == KnownNames.Task)
            {
                returns = FetchReturn.Task;
                return null;
            }

            if (definition == KnownNames.ValueTask)
            {
                returns = FetchReturn.ValueTask;
                return null;
            }
        }

        return HandlerMistakes.FetchReturn(method);
    }
}
