using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace WorkerSockets.Generators.Parsing;

/// <summary>
/// Says what is wrong with a handler that almost fits, and how to write it (WSK101): parameters in the wrong order, one
/// missing or extra, ASP.NET Core's request or result types where a worker takes <c>HttpRequestMessage</c> and returns
/// <c>HttpResponseMessage</c>, a name in the wrong case. A newcomer should read the fix in the message, not in the docs.
/// </summary>
internal static class HandlerMistakes
{
    private enum Role
    {
        Input,
        Environment,
        Context,
        Other,
    }

    /// <summary>What one handler kind expects.</summary>
    /// <param name="Name"><c>Fetch</c> or <c>Connect</c>.</param>
    /// <param name="InputType">The first parameter's fully qualified type.</param>
    /// <param name="InputDisplay">The first parameter as the fix writes it: <c>HttpRequestMessage request</c>.</param>
    /// <param name="Returns">The return types it may have, as the message lists them.</param>
    public sealed record Handler(string Name, string InputType, string InputDisplay, string Returns);

    public static readonly Handler Fetch = new("Fetch", KnownNames.HttpRequestMessage, "HttpRequestMessage request", "Task<HttpResponseMessage>, ValueTask<HttpResponseMessage> or HttpResponseMessage");

    public static readonly Handler Connect = new("Connect", KnownNames.WorkerSocket, "WorkerSocket socket", "Task or ValueTask");

    /// <summary>The signature to write, with the environment type the method names (or <c>Env</c>).</summary>
    public static string Expected(Handler handler, IMethodSymbol method) =>
        $"{handler.Name}({handler.InputDisplay}, {EnvironmentDisplay(method)} env, WorkerContext ctx)";

    /// <summary>The problem with a method whose parameters do not fit (count, order, types or ref kinds).</summary>
    public static string Parameters(Handler handler, IMethodSymbol method)
    {
        var expected = Expected(handler, method);
        var written = $"({string.Join(", ", method.Parameters.Select(Written))})";
        if (method.Parameters.FirstOrDefault(p => p.RefKind != RefKind.None) is { } byRef)
        {
            return $"{handler.Name}'s parameter '{byRef.Name}' is passed by reference ({byRef.RefKind.ToString().ToLowerInvariant()}); write {expected}";
        }

        var roles = method.Parameters.Select(p => RoleOf(handler, p)).ToArray();
        if (roles.Length == 3 && roles.Contains(Role.Input) && roles.Contains(Role.Environment) && roles.Contains(Role.Context))
        {
            return $"{handler.Name}'s parameters {written} are in the wrong order: write {expected}";
        }

        var problems = new List<string>();
        if (!roles.Contains(Role.Input))
        {
            problems.Add(InputMistake(handler, method) ?? $"its first parameter must be '{handler.InputDisplay}'");
        }

        if (!roles.Contains(Role.Environment) && roles.Count(r => r == Role.Other) == 0)
        {
            problems.Add($"it has no environment parameter: add '{EnvironmentDisplay(method)} env' second (an undeclared Env is generated from the wrangler config)");
        }

        if (!roles.Contains(Role.Context))
        {
            problems.Add("it has no 'WorkerContext ctx' parameter: add it third (it carries WaitUntil and the request's socket scope)");
        }

        var extra = method.Parameters.Where((p, i) => roles[i] == Role.Other && (roles.Contains(Role.Environment) || p.Ordinal != 1) && (roles.Contains(Role.Input) || p.Ordinal != 0)).ToArray();
        if (extra.Length > 0)
        {
            problems.Add($"remove {string.Join(", ", extra.Select(p => $"'{Written(p)}'"))}: a handler takes exactly three parameters"
                + (extra.Any(p => p.Type.ToDisplayString() == "System.Threading.CancellationToken") ? " (the request's abort reaches the sockets through ctx)" : ""));
        }

        if (problems.Count == 0)
        {
            problems.Add($"its parameters are {written}");
        }

        return $"{handler.Name}{written} does not fit: {string.Join("; ", problems)}; write {expected}";
    }

    /// <summary>The problem with a <c>Fetch</c> whose return type does not fit.</summary>
    public static string FetchReturn(IMethodSymbol method)
    {
        var returned = method.ReturnType.ToDisplayString();
        var hint = Unwrapped(method.ReturnType) switch
        {
            { SpecialType: SpecialType.System_String } => ": wrap the text, new HttpResponseMessage { Content = new StringContent(text) }",
            { SpecialType: SpecialType.System_Void } or INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 0 } => ": a Fetch answers every request with a response",
            var other when other.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true =>
                $": ASP.NET Core's '{other.Name}' is not a worker's response; return System.Net.Http.HttpResponseMessage (the Workers Response)",
            _ => "",
        };
        return $"Fetch returns '{returned}'; it must return {Fetch.Returns}{hint}";
    }

    /// <summary>
    /// A method the class has in place of the handler: the same name in another case (<c>fetch</c>, as in JavaScript)
    /// or with an <c>Async</c> suffix; the problem names it.
    /// </summary>
    public static string NoHandler(INamedTypeSymbol type)
    {
        var nearMiss = type.GetMembers().OfType<IMethodSymbol>()
            .FirstOrDefault(m => m.MethodKind == MethodKind.Ordinary && IsNearMiss(m.Name));
        var missing = "it has no method named Fetch or Connect";
        return nearMiss is null
            ? $"{missing}: add 'public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)' (or 'public async Task Connect(WorkerSocket socket, Env env, WorkerContext ctx)' for inbound TCP)"
            : $"{missing}; rename '{nearMiss.Name}' to {(nearMiss.Name.StartsWith("c", StringComparison.OrdinalIgnoreCase) ? "Connect" : "Fetch")} (the handler names are exact and case-sensitive)";
    }

    /// <summary>Whether the name is a handler's but for case or an <c>Async</c> suffix (<c>fetch</c>, <c>FetchAsync</c>).</summary>
    public static bool IsNearMiss(string name)
    {
        var trimmed = name.EndsWith("Async", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Async".Length) : name;
        return string.Equals(trimmed, "Fetch", StringComparison.OrdinalIgnoreCase) || string.Equals(trimmed, "Connect", StringComparison.OrdinalIgnoreCase);
    }

    private static string? InputMistake(Handler handler, IMethodSymbol method)
    {
        var first = method.Parameters.FirstOrDefault()?.Type;
        if (first is null || first is IErrorTypeSymbol)
        {
            return null;
        }

        var ns = first.ContainingNamespace?.ToDisplayString() ?? "";
        return ns.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            ? $"it takes ASP.NET Core's '{first.ToDisplayString()}'; a worker's {(handler == Fetch ? "request is System.Net.Http.HttpRequestMessage (the Workers Request)" : "connection is a WorkerSocket")}"
            : $"its first parameter is '{first.ToDisplayString()}', where '{handler.InputDisplay}' belongs";
    }

    private static Role RoleOf(Handler handler, IParameterSymbol parameter)
    {
        var type = HandlerShape.Plain(parameter.Type);
        if (type == handler.InputType)
        {
            return Role.Input;
        }

        if (type == KnownNames.WorkerContext)
        {
            return Role.Context;
        }

        return IsEnvironment(parameter) ? Role.Environment : Role.Other;
    }

    /// <summary>A parameter that is meant as the environment: a [WorkerEnv] class, an undeclared plain name, or one named env.</summary>
    private static bool IsEnvironment(IParameterSymbol parameter) =>
        (parameter.Type is INamedTypeSymbol named && KnownNames.HasAttribute(named, KnownNames.WorkerEnvAttribute))
        || HandlerShape.UndeclaredName(parameter) is not null
        || string.Equals(parameter.Name, "env", StringComparison.OrdinalIgnoreCase);

    private static string EnvironmentDisplay(IMethodSymbol method) =>
        method.Parameters.FirstOrDefault(p => IsEnvironment(p) && HandlerShape.Plain(p.Type) != KnownNames.WorkerContext) is { } env
            ? env.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)
            : "Env";

    private static string Written(IParameterSymbol parameter) =>
        $"{parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)} {parameter.Name}";

    private static ITypeSymbol Unwrapped(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeArguments.Length: 1, Name: "Task" or "ValueTask" } task ? task.TypeArguments[0] : type;
}
