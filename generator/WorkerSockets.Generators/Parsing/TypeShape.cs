using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkerSockets.Generators.Diagnostics;

namespace WorkerSockets.Generators.Parsing;

/// <summary>Checks shared by [Worker] and [WorkerEnv] classes: top-level, non-generic, partial, constructible.</summary>
internal static class TypeShape
{
    /// <summary>Whether code can be generated into the type; problems go to <paramref name="report"/> when given.</summary>
    public static bool Check(INamedTypeSymbol type, string attributeName, Action<Diagnostic>? report)
    {
        var location = type.Locations.FirstOrDefault();
        var ok = true;
        if (type.ContainingType is not null)
        {
            ok = false;
            report?.Invoke(Diagnostic.Create(DiagnosticDescriptors.InvalidTypeShape, location, attributeName, type.Name, "top-level, not nested in another type"));
        }

        if (type.TypeParameters.Length > 0)
        {
            ok = false;
            report?.Invoke(Diagnostic.Create(DiagnosticDescriptors.InvalidTypeShape, location, attributeName, type.Name, "non-generic"));
        }

        if (!IsPartial(type))
        {
            ok = false;
            report?.Invoke(Diagnostic.Create(DiagnosticDescriptors.InvalidTypeShape, location, attributeName, type.Name, "partial"));
        }

        if (type.IsStatic || type.IsAbstract)
        {
            ok = false;
            var modifier = type.IsStatic ? "static" : "abstract";
            report?.Invoke(Diagnostic.Create(DiagnosticDescriptors.InvalidTypeShape, location, attributeName, type.Name, $"non-{modifier}: the generated code creates an instance of it; remove '{modifier}'"));
        }
        else if (!type.InstanceConstructors.Any(c => c.Parameters.All(p => p.IsOptional)))
        {
            ok = false;
            report?.Invoke(Diagnostic.Create(DiagnosticDescriptors.MissingParameterlessConstructor, location, attributeName, type.Name));
        }

        return ok;
    }

    public static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Length > 0 &&
        type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

    /// <summary>Whether the type and every type it is nested in are partial, so a generated part can be added to it.</summary>
    public static bool IsPartialWithContainers(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!IsPartial(current))
            {
                return false;
            }
        }

        return true;
    }

    public static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, IsValueType: true } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    /// <summary>The name as a partial declaration repeats it: <c>Env</c>, <c>Env&lt;T&gt;</c>.</summary>
    public static string DeclarationName(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 ? type.Name : $"{type.Name}<{string.Join(", ", type.TypeParameters.Select(p => p.Name))}>";

    /// <summary>The partial declarations of the types <paramref name="type"/> is nested in, outermost first.</summary>
    public static string[] ContainingDeclarations(INamedTypeSymbol type)
    {
        var chain = new System.Collections.Generic.List<string>();
        for (var current = type.ContainingType; current is not null; current = current.ContainingType)
        {
            chain.Insert(0, $"partial {Keyword(current)} {DeclarationName(current)}");
        }

        return chain.ToArray();
    }

    public static string? Namespace(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null;
}
