using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkerSockets.Generators.Diagnostics;
using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Parsing;

/// <summary>Turns a <c>[WorkerEnv]</c> class symbol into an <see cref="EnvModel"/>; the analyzer passes a reporter to get the WSK1xx problems.</summary>
internal static class EnvParser
{
    public static EnvModel? Parse(INamedTypeSymbol type, Action<Diagnostic>? report, CancellationToken cancellationToken)
    {
        var canBind = TypeShape.Check(type, "WorkerEnv", report);
        if (!canBind && !TypeShape.IsPartialWithContainers(type))
        {
            return null;
        }

        var bindings = new List<AttributeBinding>();
        var unbound = new List<UnboundProperty>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!canBind)
            {
                AddUnbound(property, $"[WorkerEnv] class '{type.Name}' cannot be bound (WSK100 or WSK108)", unbound);
                continue;
            }

            var (binding, problem) = ParseProperty(property, report);
            if (binding is not null && names.TryGetValue(binding.BindingName, out var first))
            {
                report?.Invoke(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateBindingName,
                    property.Locations.FirstOrDefault(),
                    $"Binding '{binding.BindingName}' is already bound by property '{first}'; bind each name once"));
                problem = $"binding '{binding.BindingName}' is already bound by property '{first}' (WSK103)";
                binding = null;
            }

            if (binding is null)
            {
                AddUnbound(property, problem, unbound);
                continue;
            }

            names[binding.BindingName] = binding.PropertyName;
            bindings.Add(binding);
        }

        var declaresToString = type.GetMembers("ToString").OfType<IMethodSymbol>()
            .Any(m => m.Parameters.Length == 0 && !m.IsImplicitlyDeclared && !KnownNames.IsGeneratedByThisGenerator(m));
        return new EnvModel(
            TypeShape.Namespace(type),
            type.Name,
            TypeShape.Keyword(type),
            KnownNames.Display(type),
            declaresToString,
            bindings.ToEquatableArray(),
            DeclaredMemberNames(type).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray(),
            canBind,
            TypeShape.DeclarationName(type),
            TypeShape.ContainingDeclarations(type).ToEquatableArray(),
            unbound.ToEquatableArray());
    }

    /// <summary>
    /// A partial binding property left without an implementation would be CS9248, a declaration error that stops the
    /// compiler before any analyzer runs; so it gets one that throws, and the WSK1xx diagnostic is the only error.
    /// </summary>
    private static void AddUnbound(IPropertySymbol property, string? problem, List<UnboundProperty> unbound)
    {
        if (problem is null || !property.IsPartialDefinition || HasHandWrittenImplementation(property) || !HasBindingAttribute(property) ||
            property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not BasePropertyDeclarationSyntax declaration)
        {
            return;
        }

        var name = property.IsIndexer
            ? $"this[{string.Join(", ", property.Parameters.Select(p => $"{KnownNames.Display(p.Type)} {p.Name}"))}]"
            : property.Name;
        var accessors = declaration.AccessorList?.Accessors
            .Select(a => a.Modifiers.Count == 0 ? a.Keyword.Text : $"{a.Modifiers} {a.Keyword.Text}")
            .ToEquatableArray() ?? EquatableArray<string>.Empty;
        unbound.Add(new UnboundProperty($"{declaration.Modifiers} {KnownNames.Display(property.Type)} {name}", accessors, $"Property '{property.Name}' is not bound: {problem}; the build reported why."));
    }

    private static bool HasBindingAttribute(IPropertySymbol property) =>
        property.GetAttributes().Any(a =>
            KnownNames.Is(a, KnownNames.VarAttribute) || KnownNames.Is(a, KnownNames.SecretAttribute) || KnownNames.Is(a, KnownNames.HyperdriveAttribute));

    /// <summary>The names of every member the class declares itself, so config-file properties never collide with them.</summary>
    public static HashSet<string> DeclaredMemberNames(INamedTypeSymbol type) =>
        new(type.GetMembers().Where(m => !m.IsImplicitlyDeclared && !KnownNames.IsGeneratedByThisGenerator(m)).Select(m => m.Name), StringComparer.Ordinal);

    private static (AttributeBinding? Binding, string? Problem) ParseProperty(IPropertySymbol property, Action<Diagnostic>? report)
    {
        AttributeData? attribute = null;
        var kind = BindingKind.Var;
        foreach (var candidate in property.GetAttributes())
        {
            BindingKind? candidateKind =
                KnownNames.Is(candidate, KnownNames.VarAttribute) ? BindingKind.Var :
                KnownNames.Is(candidate, KnownNames.SecretAttribute) ? BindingKind.Secret :
                KnownNames.Is(candidate, KnownNames.HyperdriveAttribute) ? BindingKind.Hyperdrive : null;
            if (candidateKind is null)
            {
                continue;
            }

            if (attribute is not null)
            {
                Invalid(property, "has more than one binding attribute", report);
                return (null, "it has more than one binding attribute (WSK109)");
            }

            attribute = candidate;
            kind = candidateKind.Value;
        }

        if (attribute is null)
        {
            return (null, null);
        }

        var location = property.Locations.FirstOrDefault();
        var name = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        if (!Naming.IsValidBindingName(name))
        {
            var at = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? location;
            report?.Invoke(Diagnostic.Create(
                DiagnosticDescriptors.InvalidBindingName,
                at,
                $"'{name}' is not a valid binding name: {Naming.BindingNameRule} (it is read as a configuration key and a .dev.vars name)"));
            return (null, $"'{name}' is not a valid binding name (WSK102)");
        }

        var declaration = property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as PropertyDeclarationSyntax;
        string? problem =
            property.IsStatic ? "is static" :
            property.IsIndexer ? "is an indexer" :
            HasHandWrittenImplementation(property) ? "already has an implementation; the generator writes it" :
            !property.IsPartialDefinition ? "is not declared 'partial'" :
            property.SetMethod is not null ? "has a setter or init accessor; binding properties are get-only" :
            property.GetMethod is null || declaration is null ? "has no getter" : null;
        if (problem is not null)
        {
            Invalid(property, problem, report);
            return (null, $"it {problem} (WSK109)");
        }

        var (type, nullable) = Classify(property.Type);
        var fits = kind switch
        {
            BindingKind.Secret => type == BindingType.String,
            BindingKind.Hyperdrive => type == BindingType.Hyperdrive,
            _ => type is not null and not BindingType.Hyperdrive and not BindingType.Object,
        };
        if (!fits || type is null)
        {
            report?.Invoke(Diagnostic.Create(
                DiagnosticDescriptors.BindingTypeMismatch,
                declaration?.Type.GetLocation() ?? location,
                property.Name,
                property.Type.ToDisplayString(),
                Config.WranglerConfig.Kind(kind),
                kind switch
                {
                    BindingKind.Secret => "string",
                    BindingKind.Hyperdrive => "WorkerSockets.Hyperdrive",
                    _ => "string, int, long, double, decimal or bool",
                }));
            return (null, $"a {Config.WranglerConfig.Kind(kind)} binding cannot fill type '{property.Type.ToDisplayString()}' (WSK104)");
        }

        return (new AttributeBinding(name!, kind, type.Value, nullable, property.Name, declaration!.Modifiers.ToString(), KnownNames.Display(property.Type)), null);
    }

    /// <summary>The analyzer sees this generator's own implementation part; only another one is a problem.</summary>
    private static bool HasHandWrittenImplementation(IPropertySymbol property)
    {
        if (property.PartialDefinitionPart is not null)
        {
            return true;
        }

        return property.PartialImplementationPart is { } implementation && !KnownNames.IsGeneratedByThisGenerator(implementation);
    }

    private static (BindingType? Type, bool Nullable) Classify(ITypeSymbol type)
    {
        var nullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapper)
        {
            type = wrapper.TypeArguments[0];
            nullable = true;
        }
        else if (type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            nullable = true;
        }

        BindingType? binding = type.SpecialType switch
        {
            SpecialType.System_String => BindingType.String,
            SpecialType.System_Int32 => BindingType.Int32,
            SpecialType.System_Int64 => BindingType.Int64,
            SpecialType.System_Double => BindingType.Double,
            SpecialType.System_Decimal => BindingType.Decimal,
            SpecialType.System_Boolean => BindingType.Boolean,
            _ => KnownNames.Display(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)) == KnownNames.Hyperdrive ? BindingType.Hyperdrive : null,
        };
        return (binding, nullable);
    }

    private static void Invalid(IPropertySymbol property, string problem, Action<Diagnostic>? report) =>
        report?.Invoke(Diagnostic.Create(DiagnosticDescriptors.InvalidBindingProperty, property.Locations.FirstOrDefault(), property.Name, problem));
}
