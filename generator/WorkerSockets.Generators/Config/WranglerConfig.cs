using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using WorkerSockets.Generators.Diagnostics;
using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Config;

/// <summary>Reads wrangler.toml / wrangler.json / wrangler.jsonc into bindings and problems; never throws on bad input.</summary>
internal static class WranglerConfig
{
    /// <summary>The config file names, in the order wrangler prefers them.</summary>
    public static readonly string[] FileNames = { "wrangler.json", "wrangler.jsonc", "wrangler.toml" };

    public static bool IsConfigFile(string path) => Precedence(path) >= 0;

    /// <summary>The file's rank in <see cref="FileNames"/>, or -1 when it is not a config file.</summary>
    public static int Precedence(string path)
    {
        var name = Path.GetFileName(path);
        for (var i = 0; i < FileNames.Length; i++)
        {
            if (string.Equals(name, FileNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public static ConfigModel Read(string path, string? text)
    {
        var bindings = new List<ConfigBinding>();
        var environments = new List<string>();
        var problems = new List<ConfigProblem>();
        var fileName = Path.GetFileName(path);
        if (text is null)
        {
            problems.Add(new ConfigProblem(RuleIdentifiers.ConfigSyntaxError, "the file could not be read", 0, 0));
            return new ConfigModel(path, fileName, bindings.ToEquatableArray(), problems.ToEquatableArray());
        }

        ConfigNode root;
        try
        {
            root = fileName.EndsWith(".toml", StringComparison.OrdinalIgnoreCase) ? TomlReader.Parse(text) : JsoncReader.Parse(text);
        }
        catch (ConfigSyntaxException e)
        {
            problems.Add(new ConfigProblem(RuleIdentifiers.ConfigSyntaxError, e.Message, e.Line, e.Column));
            return new ConfigModel(path, fileName, bindings.ToEquatableArray(), problems.ToEquatableArray());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A reader bug must surface as a diagnostic on the file, never as a generator crash (CS8785).
            problems.Add(new ConfigProblem(RuleIdentifiers.ConfigSyntaxError, $"the file could not be read ({e.GetType().Name}: {e.Message})", 0, 0));
            return new ConfigModel(path, fileName, bindings.ToEquatableArray(), problems.ToEquatableArray());
        }

        ReportOutOfRangeIntegers(root, problems);
        if (root.Kind != ConfigNodeKind.Table)
        {
            problems.Add(new ConfigProblem(RuleIdentifiers.ConfigSyntaxError, "the document must be an object", root.Line, root.Column));
        }
        else
        {
            var wording = fileName.EndsWith(".toml", StringComparison.OrdinalIgnoreCase) ? ConfigWording.Toml : ConfigWording.Json;
            ReadPlace(root, null, wording, bindings, problems);
            ReadEnvironments(root.Get("env"), wording, environments, bindings, problems);
        }

        bindings = EnvironmentMerge.Merge(bindings, problems);
        CheckDuplicates(bindings, problems);
        return new ConfigModel(path, fileName, bindings.ToEquatableArray(), problems.ToEquatableArray(), environments.ToEquatableArray());
    }

    /// <summary>Reads the bindings of the top level or of one environment; each one records where it was declared.</summary>
    private static void ReadPlace(ConfigNode table, string? environment, ConfigWording wording, List<ConfigBinding> bindings, List<ConfigProblem> problems)
    {
        var place = new List<ConfigBinding>();
        ReadVars(table.Get("vars"), wording, place, problems);
        ReadHyperdrive(table.Get("hyperdrive"), wording, place, problems);
        ReadSecrets(table.Get("secrets"), wording, place, problems);
        UnsupportedBindings.Report(table, wording, problems);
        MisspelledKeys.ReportPlace(table, environment, wording, problems);
        CheckDuplicates(place, problems);
        foreach (var binding in place)
        {
            bindings.Add(binding with { Declarations = new[] { new BindingDeclaration(environment, binding.DefaultValue) }.ToEquatableArray() });
        }
    }

    /// <summary><c>[env.&lt;name&gt;]</c>: each environment declares its own bindings; none are inherited from the top level.</summary>
    private static void ReadEnvironments(ConfigNode? env, ConfigWording wording, List<string> environments, List<ConfigBinding> bindings, List<ConfigProblem> problems)
    {
        if (env is null)
        {
            return;
        }

        if (env.Kind != ConfigNodeKind.Table)
        {
            problems.Add(Unsupported($"'env' must be {wording.TableNoun} of environments ({wording.Environment("<name>")})", env));
            return;
        }

        foreach (var member in env.Members)
        {
            if (member.Value.Kind != ConfigNodeKind.Table)
            {
                problems.Add(Unsupported($"environment '{member.Key}' must be {wording.TableNoun} ({wording.Environment(member.Key)})", member.Value));
                continue;
            }

            environments.Add(member.Key);
            ReadPlace(member.Value, member.Key, wording, bindings, problems);
        }
    }

    private static void ReportOutOfRangeIntegers(ConfigNode node, List<ConfigProblem> problems, int depth = 0)
    {
        if (node.OutOfRange)
        {
            problems.Add(new ConfigProblem(
                RuleIdentifiers.ConfigSyntaxError,
                $"integer {node.Text} is out of range: TOML integers are 64-bit ({long.MinValue} to {long.MaxValue}); quote it to keep it as a string",
                node.Line,
                node.Column));
        }

        if (depth > 128)
        {
            return;
        }

        foreach (var item in node.Items)
        {
            ReportOutOfRangeIntegers(item, problems, depth + 1);
        }

        foreach (var member in node.Members)
        {
            ReportOutOfRangeIntegers(member.Value, problems, depth + 1);
        }
    }

    private static void ReadVars(ConfigNode? vars, ConfigWording wording, List<ConfigBinding> bindings, List<ConfigProblem> problems)
    {
        if (vars is null)
        {
            return;
        }

        if (vars.Kind != ConfigNodeKind.Table)
        {
            problems.Add(Unsupported($"'vars' must be {wording.TableNoun} of names and values ({wording.Table("vars")})", vars));
            return;
        }

        foreach (var member in vars.Members)
        {
            var name = member.Key;
            var value = member.Value;
            if (!CheckName(name, value, problems))
            {
                continue;
            }

            var property = Naming.ToPascalCase(name);
            switch (value.Kind)
            {
                case ConfigNodeKind.String:
                    bindings.Add(Var(name, BindingType.String, value.Text, null, value));
                    break;
                case ConfigNodeKind.DateTime:
                    // wrangler uploads a TOML date as JSON, so the Worker sees the string toISOString() gives.
                    bindings.Add(Var(name, BindingType.String, value.Text, null, value));
                    break;
                case ConfigNodeKind.Boolean:
                    bindings.Add(Var(name, BindingType.Boolean, value.Boolean ? "true" : "false", null, value));
                    break;
                case ConfigNodeKind.Integer:
                    // Out of range: reported already; the property stays (as long, with no default) so WSK105 is the only error.
                    bindings.Add(Var(name, BindingType.Int64, value.OutOfRange ? null : value.Integer.ToString(CultureInfo.InvariantCulture), null, value));
                    break;
                case ConfigNodeKind.Float when !double.IsNaN(value.Float) && !double.IsInfinity(value.Float):
                    bindings.Add(Var(name, BindingType.Double, value.Float.ToString("R", CultureInfo.InvariantCulture), null, value));
                    break;
                case ConfigNodeKind.Table:
                    bindings.Add(Var(name, BindingType.Object, JsonText.Write(value), VarShapes.Object(value, EnvMerge.RecordName(property)), value));
                    break;
                case ConfigNodeKind.Array:
                    bindings.Add(Var(name, BindingType.Array, JsonText.Write(value), null, value) with { ElementKind = VarShapes.ArrayElements(value) });
                    break;
                default:
                    problems.Add(Unsupported($"var '{name}' has an unsupported value ({Describe(value)}); use a string, number, boolean, array or object", value));
                    break;
            }

            ConfigBinding Var(string bindingName, BindingType type, string? defaultValue, ObjectShape? shape, ConfigNode at) =>
                new(bindingName, BindingKind.Var, type, property, defaultValue, shape, at.Line, at.Column);
        }
    }

    private static void ReadHyperdrive(ConfigNode? hyperdrive, ConfigWording wording, List<ConfigBinding> bindings, List<ConfigProblem> problems)
    {
        if (hyperdrive is null)
        {
            return;
        }

        if (hyperdrive.Kind != ConfigNodeKind.Array)
        {
            problems.Add(Unsupported($"'hyperdrive' must be an array of {(wording == ConfigWording.Json ? "objects" : "tables")} ({wording.ArrayOfTables("hyperdrive")}), one per binding", hyperdrive));
            return;
        }

        foreach (var entry in hyperdrive.Items)
        {
            var binding = entry.Kind == ConfigNodeKind.Table ? entry.Get("binding") : null;
            if (entry.Kind == ConfigNodeKind.Table)
            {
                MisspelledKeys.ReportHyperdriveEntry(entry, problems);
            }

            if (binding is null || binding.Kind != ConfigNodeKind.String)
            {
                var hint = entry.Kind == ConfigNodeKind.Table ? UnsupportedBindings.MisspeltName(entry, "binding") : "";
                problems.Add(Unsupported($"each hyperdrive entry ({wording.ArrayOfTables("hyperdrive")}) needs {wording.Field("binding", "NAME")}, the name the worker reads it by{hint}", entry));
                continue;
            }

            if (!CheckName(binding.Text, binding, problems))
            {
                continue;
            }

            var local = entry.Get("localConnectionString");
            if (local is not null && local.Kind != ConfigNodeKind.String)
            {
                problems.Add(Unsupported("localConnectionString must be a string", local));
                local = null;
            }

            var id = entry.Get("id");
            bindings.Add(new ConfigBinding(binding.Text, BindingKind.Hyperdrive, BindingType.Hyperdrive, Naming.ToPascalCase(binding.Text), local?.Text, null, binding.Line, binding.Column, HyperdriveId: id?.Kind == ConfigNodeKind.String && IsHostLabel(id.Text) ? id.Text : null));
        }
    }

    /// <summary>
    /// Whether a hyperdrive id can name the local host <c>&lt;id&gt;.hyperdrive.local</c>. A placeholder from a template
    /// (<c>"&lt;YOUR_HYPERDRIVE_ID&gt;"</c>) cannot; the id matters only on the platform, so locally the binding then gets
    /// a stable id made from its name, as <c>wrangler dev</c> runs such a config too.
    /// </summary>
    private static bool IsHostLabel(string id)
    {
        if (id.Length is 0 or > 63 || id[0] == '-' || id[id.Length - 1] == '-')
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static void ReadSecrets(ConfigNode? secrets, ConfigWording wording, List<ConfigBinding> bindings, List<ConfigProblem> problems)
    {
        if (secrets is null)
        {
            return;
        }

        var required = secrets.Kind == ConfigNodeKind.Table ? secrets.Get("required") : null;
        if (required is null)
        {
            return;
        }

        if (required.Kind != ConfigNodeKind.Array)
        {
            problems.Add(Unsupported($"secrets.required must be an array of names ({(wording == ConfigWording.Json ? "\"secrets\": { \"required\": [\"API_KEY\"] }" : "[secrets] required = [\"API_KEY\"]")})", required));
            return;
        }

        foreach (var item in required.Items)
        {
            if (item.Kind != ConfigNodeKind.String)
            {
                problems.Add(Unsupported("secrets.required must contain only strings", item));
            }
            else if (CheckName(item.Text, item, problems))
            {
                bindings.Add(new ConfigBinding(item.Text, BindingKind.Secret, BindingType.String, Naming.ToPascalCase(item.Text), null, null, item.Line, item.Column));
            }
        }
    }

    private static bool CheckName(string name, ConfigNode at, List<ConfigProblem> problems)
    {
        if (Naming.IsValidBindingName(name))
        {
            return true;
        }

        problems.Add(new ConfigProblem(RuleIdentifiers.InvalidBindingName, $"'{name}' is not a valid binding name: {Naming.BindingNameRule} (it is read as a configuration key and a .dev.vars name)", at.Line, at.Column));
        return false;
    }

    private static void CheckDuplicates(List<ConfigBinding> bindings, List<ConfigProblem> problems)
    {
        var byName = new Dictionary<string, ConfigBinding>(StringComparer.Ordinal);
        var byProperty = new Dictionary<string, ConfigBinding>(StringComparer.Ordinal);
        for (var i = 0; i < bindings.Count; i++)
        {
            var binding = bindings[i];
            string? message = null;
            if (byName.TryGetValue(binding.BindingName, out var first))
            {
                message = first.Kind == binding.Kind
                    ? $"binding '{binding.BindingName}' is declared twice, both times as {Kind(binding.Kind)}"
                    : $"binding '{binding.BindingName}' is declared twice (as {Kind(first.Kind)} and as {Kind(binding.Kind)})";
            }
            else if (byProperty.TryGetValue(binding.PropertyName, out first))
            {
                message = $"binding '{binding.BindingName}' maps to property '{binding.PropertyName}', which '{first.BindingName}' already uses";
            }

            if (message is not null)
            {
                problems.Add(new ConfigProblem(RuleIdentifiers.DuplicateBindingName, message, binding.Line, binding.Column));
                bindings.RemoveAt(i--);
                continue;
            }

            byName[binding.BindingName] = binding;
            byProperty[binding.PropertyName] = binding;
        }
    }

    internal static string Kind(BindingKind kind) => kind switch
    {
        BindingKind.Secret => "secret",
        BindingKind.Hyperdrive => "hyperdrive",
        _ => "var",
    };

    internal static string Describe(BindingType type) => type switch
    {
        BindingType.Int64 => "an integer",
        BindingType.Double => "a floating-point",
        BindingType.Boolean => "a boolean",
        BindingType.Object => "a JSON object",
        BindingType.Array => "an array",
        _ => "a string",
    };

    private static string Describe(ConfigNode node) => node.Kind switch
    {
        ConfigNodeKind.Array => "an array",
        ConfigNodeKind.Null => "null",
        ConfigNodeKind.Float => "a non-finite number",
        _ => node.Kind.ToString(),
    };

    private static ConfigProblem Unsupported(string message, ConfigNode at) =>
        new(RuleIdentifiers.ConfigSyntaxError, message, at.Line, at.Column);
}
