using System;
using System.Collections.Generic;
using System.Linq;
using WorkerSockets.Generators.Diagnostics;
using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Config;

/// <summary>
/// One property per binding name over the top level and every <c>[env.&lt;name&gt;]</c>: the generated class has every
/// binding any environment declares, and <c>Bind</c> picks the selected environment's declaration at run time.
/// </summary>
internal static class EnvironmentMerge
{
    /// <summary>Merges declarations of the same name (top level first, then environments in file order); disagreements are problems.</summary>
    public static List<ConfigBinding> Merge(List<ConfigBinding> declarations, List<ConfigProblem> problems)
    {
        var merged = new List<ConfigBinding>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var declaration in declarations)
        {
            if (!index.TryGetValue(declaration.BindingName, out var i))
            {
                index[declaration.BindingName] = merged.Count;
                merged.Add(declaration);
                continue;
            }

            var first = merged[i];
            var place = Place(declaration.Declarations[0].Environment);
            var firstPlace = Place(first.Declarations[0].Environment);
            if (first.Kind != declaration.Kind)
            {
                problems.Add(new ConfigProblem(
                    RuleIdentifiers.DuplicateBindingName,
                    $"binding '{declaration.BindingName}' is a {WranglerConfig.Kind(declaration.Kind)} in {place} but a {WranglerConfig.Kind(first.Kind)} in {firstPlace}; one name is one kind of binding in every environment",
                    declaration.Line,
                    declaration.Column));
                continue;
            }

            var type = Widen(first.Type, declaration.Type);
            if (type is null)
            {
                problems.Add(new ConfigProblem(
                    RuleIdentifiers.ConfigSyntaxError,
                    $"var '{declaration.BindingName}' is {WranglerConfig.Describe(declaration.Type)} value in {place} but {WranglerConfig.Describe(first.Type)} value in {firstPlace}; give it one type in every environment",
                    declaration.Line,
                    declaration.Column));
                continue;
            }

            merged[i] = first with
            {
                Type = type.Value,
                Shape = first.Shape is not null && declaration.Shape is not null
                    ? VarShapes.Merge(first.Shape, declaration.Shape, EnvMerge.RecordName(first.PropertyName))
                    : first.Shape,
                ElementKind = MergeElements(first, declaration),
                Declarations = first.Declarations.Concat(declaration.Declarations).ToEquatableArray(),
            };
        }

        // The top level's own value is the default outside any environment; an environment's value never leaks there.
        return merged.Select(b => b with { DefaultValue = b.Declarations.FirstOrDefault(d => d.Environment is null)?.Value }).ToList();
    }

    /// <summary>The element kind that holds both places' arrays; an empty array (<c>[]</c>) says nothing about its elements.</summary>
    private static ShapeKind MergeElements(ConfigBinding first, ConfigBinding declaration)
    {
        if (first.Declarations.All(IsEmptyArray))
        {
            return declaration.ElementKind;
        }

        if (declaration.Declarations.All(IsEmptyArray) || first.ElementKind == declaration.ElementKind)
        {
            return first.ElementKind;
        }

        return first.ElementKind is ShapeKind.Integer or ShapeKind.Float && declaration.ElementKind is ShapeKind.Integer or ShapeKind.Float
            ? ShapeKind.Float
            : ShapeKind.Json;

        static bool IsEmptyArray(BindingDeclaration d) => d.Value == "[]";
    }

    /// <summary>Whether the top level and every environment declare the binding; if not, <c>Bind</c> checks the selected one does.</summary>
    public static bool DeclaredEverywhere(ConfigBinding binding, EquatableArray<string> environments)
    {
        var places = new HashSet<string?>(binding.Declarations.Select(d => d.Environment));
        return places.Contains(null) && environments.All(places.Contains);
    }

    public static string Place(string? environment) => environment is null ? "the top level" : $"[env.{environment}]";

    /// <summary>The one type that holds every environment's value: integers widen to floating point, mixed scalars to their text.</summary>
    private static BindingType? Widen(BindingType a, BindingType b)
    {
        if (a == b)
        {
            return a;
        }

        if (a is BindingType.Int64 or BindingType.Double && b is BindingType.Int64 or BindingType.Double)
        {
            return BindingType.Double;
        }

        return IsScalar(a) && IsScalar(b) ? BindingType.String : null;
    }

    private static bool IsScalar(BindingType type) => type is BindingType.String or BindingType.Int64 or BindingType.Double or BindingType.Boolean;
}
