using System;
using System.Collections.Generic;
using System.Linq;

namespace WorkerSockets.Generators.Model;

/// <summary>One binding as the emitter writes it: from an attribute, from the config file, or both.</summary>
/// <param name="Modifiers">The partial declaration's modifiers; null for a property that only the config file declares.</param>
/// <param name="Declarations">The config file's places that declare it, each with its default (empty without a config file).</param>
/// <param name="DeclaredEverywhere">Whether every environment has it: an attribute declares it for all of them.</param>
internal sealed record EmitBinding(
    string BindingName,
    BindingKind Kind,
    BindingType Type,
    bool IsNullable,
    string PropertyName,
    string? Modifiers,
    string TypeName,
    string? DefaultValue,
    ObjectShape? Shape,
    string? FileName,
    EquatableArray<BindingDeclaration> Declarations = default,
    bool DeclaredEverywhere = true,
    ShapeKind ElementKind = ShapeKind.Json,
    string? HyperdriveId = null);

/// <summary>Merges attribute bindings with config-file bindings: the same binding name is one member.</summary>
internal static class EnvMerge
{
    /// <summary>Members every [WorkerEnv] class has or gets from the generator; a config property may not take these names.</summary>
    public static readonly string[] ReservedEnvMemberNames = { "Bind", "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize" };

    /// <summary>Members a generated record has (its reader and what the compiler synthesizes for records).</summary>
    public static readonly string[] ReservedRecordMemberNames =
        { "Read", "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize", "EqualityContract", "PrintMembers", "Deconstruct" };

    /// <summary>The names a config-file property cannot take in a class with these members.</summary>
    public static HashSet<string> TakenNames(IEnumerable<string> declaredMembers, string className)
    {
        var taken = new HashSet<string>(declaredMembers, StringComparer.Ordinal) { className };
        taken.UnionWith(ReservedEnvMemberNames);
        return taken;
    }

    public static List<EmitBinding> Merge(EnvModel env, ConfigModel? config)
    {
        var result = new List<EmitBinding>();
        var fromFile = config?.Bindings.ToDictionary(b => b.BindingName, StringComparer.Ordinal) ?? new Dictionary<string, ConfigBinding>();
        foreach (var binding in env.Bindings)
        {
            fromFile.TryGetValue(binding.BindingName, out var file);
            var usable = file is not null && Conflict(binding, file) is null ? file : null;
            result.Add(new EmitBinding(
                binding.BindingName,
                binding.Kind,
                binding.Type,
                binding.IsNullable,
                binding.PropertyName,
                binding.Modifiers,
                binding.TypeName,
                usable?.DefaultValue,
                null,
                usable is null ? null : config!.FileName,
                usable?.Declarations ?? default,
                DeclaredEverywhere: true,
                HyperdriveId: usable?.HyperdriveId));
        }

        if (config is null)
        {
            return result;
        }

        var bound = new HashSet<string>(env.Bindings.Select(b => b.BindingName), StringComparer.Ordinal);
        var taken = TakenNames(env.MemberNames, env.Name);
        foreach (var declared in config.Bindings)
        {
            var binding = AvoidGeneratedNames(declared, env.Name);
            if (bound.Contains(binding.BindingName) || !IsFree(binding, taken))
            {
                continue;
            }

            taken.Add(binding.PropertyName);
            if (binding.Shape is not null)
            {
                taken.Add(RecordName(binding.PropertyName));
            }

            // A binding some environment lacks stays required: Bind reports it missing there unless the lookup has it.
            var everywhere = Config.EnvironmentMerge.DeclaredEverywhere(binding, config.Environments);
            result.Add(new EmitBinding(
                binding.BindingName,
                binding.Kind,
                binding.Type,
                IsNullable: false,
                binding.PropertyName,
                Modifiers: null,
                TypeName(env, binding),
                binding.DefaultValue,
                binding.Shape,
                config.FileName,
                binding.Declarations,
                DeclaredEverywhere: everywhere,
                binding.ElementKind,
                binding.HyperdriveId));
        }

        return result;
    }

    /// <summary>
    /// A config binding whose property would take the class's own name or a member the generator writes (<c>ENV</c> in
    /// class <c>Env</c>, <c>BIND</c>) gets its kind as a suffix (<c>EnvVar</c>): the user chose neither name, so neither is
    /// an error. A clash with a member the user declared stays WSK103.
    /// </summary>
    public static ConfigBinding AvoidGeneratedNames(ConfigBinding binding, string className)
    {
        if (binding.PropertyName != className && Array.IndexOf(ReservedEnvMemberNames, binding.PropertyName) < 0)
        {
            return binding;
        }

        var suffix = binding.Kind switch
        {
            BindingKind.Secret => "Secret",
            BindingKind.Hyperdrive => "Hyperdrive",
            _ => "Var",
        };
        return binding with { PropertyName = binding.PropertyName + suffix };
    }

    /// <summary>Whether a config-file property (and its record type) can be added without clashing with the class's own members.</summary>
    public static bool IsFree(ConfigBinding binding, ISet<string> taken) =>
        !taken.Contains(binding.PropertyName) && (binding.Shape is null || !taken.Contains(RecordName(binding.PropertyName)));

    public static string RecordName(string propertyName) => propertyName + "Value";

    /// <summary>Describes why an attribute binding and a config binding of the same name disagree, or null when they agree.</summary>
    public static string? Conflict(AttributeBinding attribute, ConfigBinding file)
    {
        if (attribute.Kind != file.Kind)
        {
            return Kind(file.Kind);
        }

        if (file.Kind != BindingKind.Var)
        {
            return null;
        }

        var fits = file.Type switch
        {
            BindingType.String => attribute.Type == BindingType.String,
            BindingType.Int64 => attribute.Type is BindingType.Int32 or BindingType.Int64 or BindingType.Double or BindingType.Decimal,
            BindingType.Double => attribute.Type is BindingType.Double or BindingType.Decimal,
            BindingType.Boolean => attribute.Type == BindingType.Boolean,
            _ => false,
        };
        return fits ? null : $"{Config.WranglerConfig.Describe(file.Type)} var";
    }

    /// <summary>How to end a <see cref="Conflict"/>: the change to the file or to the property that makes them agree.</summary>
    public static string ConflictFix(AttributeBinding attribute, ConfigBinding file, string fileName)
    {
        if (attribute.Kind != file.Kind)
        {
            var attributeName = file.Kind switch { BindingKind.Secret => "[Secret]", BindingKind.Hyperdrive => "[Hyperdrive]", _ => "[Var]" };
            return $"bind it with {attributeName}, as the file declares it, or give one of them another name";
        }

        var asText = file.DefaultValue is { } value ? $"{file.BindingName} = {value}" : null;
        return file.Type switch
        {
            // A quoted number or boolean: the file's value is text, as wrangler uploads it.
            BindingType.String when asText is not null && attribute.Type != BindingType.String && Parses(file.DefaultValue!, attribute.Type) =>
                $"write it without quotes in {fileName} ({asText}), or declare the property as string",
            BindingType.String => "declare the property as string, or change the file's value to a " + (attribute.Type == BindingType.Boolean ? "boolean" : "number"),
            BindingType.Double => "declare the property as double or decimal, or write a whole number in " + fileName,
            BindingType.Int64 or BindingType.Boolean => $"declare the property as {(file.Type == BindingType.Boolean ? "bool" : "long (or int, double, decimal)")}, or quote the value in {fileName} to keep it text",
            _ => "the file's value gets a generated property of its own: remove the attribute and use that",
        };
    }

    private static bool Parses(string text, BindingType type) => type switch
    {
        BindingType.Boolean => text is "true" or "false",
        BindingType.Int32 => int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
        BindingType.Int64 => long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
        BindingType.Double or BindingType.Decimal => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _),
        _ => false,
    };

    private static string Kind(BindingKind kind) => kind switch
    {
        BindingKind.Secret => "a secret",
        BindingKind.Hyperdrive => "a hyperdrive binding",
        _ => "a var",
    };

    private static string TypeName(EnvModel env, ConfigBinding binding) => binding.Type switch
    {
        BindingType.Int64 => "long",
        BindingType.Double => "double",
        BindingType.Boolean => "bool",
        BindingType.Hyperdrive => "global::WorkerSockets.Hyperdrive",
        BindingType.Object => $"{env.FullyQualifiedName}.{RecordName(binding.PropertyName)}",
        BindingType.Array => binding.ElementKind switch
        {
            ShapeKind.String => "string[]",
            ShapeKind.Integer => "long[]",
            ShapeKind.Float => "double[]",
            ShapeKind.Boolean => "bool[]",
            _ => "global::System.Text.Json.JsonElement",
        },
        _ => "string",
    };
}
