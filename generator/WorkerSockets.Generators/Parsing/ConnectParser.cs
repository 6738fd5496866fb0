using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using WorkerSockets.Generators.Diagnostics;
using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Parsing;

/// <summary>Finds a <c>[Worker]</c> class's inbound-connection handler, <c>Connect(WorkerSocket, TEnv, WorkerContext)</c>.</summary>
internal static class ConnectParser
{
    /// <summary>Returns the valid <c>Connect</c>, or <see langword="null"/>; reports WSK101 when methods named Connect exist but none fits.</summary>
    /// <param name="type">The <c>[Worker]</c> class.</param>
    /// <param name="report">Receives WSK101; <see langword="null"/> in the generator, which reports nothing.</param>
    /// <param name="hasConnectMethod">Whether the class declares any method named <c>Connect</c>.</param>
    public static ConnectModel? Parse(INamedTypeSymbol type, Action<Diagnostic>? report, out bool hasConnectMethod)
    {
        var candidates = type.GetMembers("Connect").OfType<IMethodSymbol>().ToArray();
        hasConnectMethod = candidates.Length > 0;
        string? problem = null;
        foreach (var candidate in candidates)
        {
            problem = Check(candidate, out var model);
            if (model is not null)
            {
                return model;
            }
        }

        if (hasConnectMethod)
        {
            var location = candidates[0].Locations.FirstOrDefault() ?? type.Locations.FirstOrDefault();
            report?.Invoke(Diagnostic.Create(DiagnosticDescriptors.InvalidFetchSignature, location, type.Name, problem));
        }

        return null;
    }

    private static string? Check(IMethodSymbol method, out ConnectModel? model)
    {
        model = null;
        if (HandlerShape.Check(method, HandlerMistakes.Connect, out var env, out var implicitEnv) is { } problem)
        {
            return problem;
        }

        ConnectReturn? returns = HandlerShape.Plain(method.ReturnType) switch
        {
            KnownNames.PlainTask => ConnectReturn.Task,
            KnownNames.PlainValueTask => ConnectReturn.ValueTask,
            _ => null,
        };
        if (returns is null)
        {
            return $"Connect returns '{method.ReturnType.ToDisplayString()}'; it must return {HandlerMistakes.Connect.Returns} (async Task when it awaits)";
        }

        model = implicitEnv is null
            ? new ConnectModel(KnownNames.Display(env!.WithNullableAnnotation(NullableAnnotation.NotAnnotated)), returns.Value)
            : new ConnectModel(ImplicitEnv.FullyQualifiedName(TypeShape.Namespace(method.ContainingType), implicitEnv), returns.Value) { ImplicitEnvName = implicitEnv };
        return null;
    }
}
