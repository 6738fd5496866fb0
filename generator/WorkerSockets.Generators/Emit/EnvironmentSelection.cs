using System.Collections.Generic;
using System.Linq;
using WorkerSockets.Generators.Config;
using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Emit;

/// <summary>
/// The parts of <c>Bind</c> that depend on the wrangler environment chosen at run time: which one is selected, each
/// binding's default there, and whether that environment declares the binding at all (bindings are not inherited).
/// </summary>
internal static class EnvironmentSelection
{
    /// <summary>The statement that selects the environment into the local <c>environment</c>.</summary>
    public static string SelectStatement(ConfigModel? config)
    {
        var declared = config is null ? "" : string.Concat(config.Environments.Select(e => ", " + Literals.String(e)));
        return $"var environment = reader.SelectEnvironment({Literals.String(config?.FileName)}{declared});";
    }

    /// <summary>The default for the selected environment: a literal when the file has no environments, else a switch over them.</summary>
    public static string Default(EmitBinding binding, ConfigModel? config)
    {
        if (config is null || config.Environments.Count == 0 || binding.Declarations.Count == 0)
        {
            return Literals.String(binding.DefaultValue);
        }

        var arms = binding.Declarations.Where(d => d.Value is not null).ToList();
        if (arms.Count == 0)
        {
            return "null";
        }

        var cases = string.Concat(arms.Select(d => $"{(d.Environment is null ? "null" : Literals.String(d.Environment))} => {Literals.String(d.Value)}, "));
        return $"environment switch {{ {cases}_ => null }}";
    }

    /// <summary>A condition that is true when the selected environment declares the binding; null when every environment does.</summary>
    public static string? DeclaredCondition(EmitBinding binding, ConfigModel? config)
    {
        if (binding.DeclaredEverywhere || config is null)
        {
            return null;
        }

        var patterns = binding.Declarations.Select(d => d.Environment is null ? "null" : Literals.String(d.Environment));
        return $"environment is {string.Join(" or ", patterns)}";
    }

    /// <summary>Where the file declares the binding, for the message when the selected environment does not.</summary>
    public static string Places(EmitBinding binding) =>
        string.Join(", ", binding.Declarations.Select(d => EnvironmentMerge.Place(d.Environment)));
}
