using Microsoft.CodeAnalysis;

namespace WorkerSockets.Generators.Diagnostics;

/// <summary>The descriptors of every WSK1xx diagnostic.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "WorkerSockets.Bindings";

    public static readonly DiagnosticDescriptor InvalidTypeShape = Create(
        RuleIdentifiers.InvalidTypeShape,
        "[Worker] and [WorkerEnv] classes must be top-level, non-generic and partial",
        "[{0}] class '{1}' must be {2}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidFetchSignature = Create(
        RuleIdentifiers.InvalidFetchSignature,
        "A [Worker] class needs a valid Fetch or Connect method",
        "[Worker] class '{0}' has no handler the generated code can call: {1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidBindingName = Create(
        RuleIdentifiers.InvalidBindingName,
        "Invalid binding name",
        "{0}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateBindingName = Create(
        RuleIdentifiers.DuplicateBindingName,
        "Duplicate binding name",
        "{0}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor BindingTypeMismatch = Create(
        RuleIdentifiers.BindingTypeMismatch,
        "The property type does not fit the binding kind",
        "Property '{0}' has type '{1}', which a {2} binding cannot fill; use {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ConfigSyntaxError = Create(
        RuleIdentifiers.ConfigSyntaxError,
        "The wrangler config file cannot be read",
        "{0}: {1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MultipleWorkers = Create(
        RuleIdentifiers.MultipleWorkers,
        "Only one [Worker] class per project",
        "'{0}' is a second [Worker] class in this project ('{1}' is another); a project hosts one worker",
        DiagnosticSeverity.Error,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor ConfigTypeConflict = Create(
        RuleIdentifiers.ConfigTypeConflict,
        "A binding's property disagrees with the config file",
        "Property '{0}' binds '{1}' as {2}, but {3} declares it as {4}: {5}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingParameterlessConstructor = Create(
        RuleIdentifiers.MissingParameterlessConstructor,
        "[Worker] and [WorkerEnv] classes need a parameterless constructor",
        "[{0}] class '{1}' needs an accessible parameterless constructor, because the generated code creates it",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidBindingProperty = Create(
        RuleIdentifiers.InvalidBindingProperty,
        "A binding property must be a partial, get-only instance property of a [WorkerEnv] class",
        "Property '{0}' carries a binding attribute but {1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ConfigWithoutEnv = Create(
        RuleIdentifiers.ConfigWithoutEnv,
        "The config file declares bindings but no [WorkerEnv] class exists",
        "{0} declares {1} binding(s), but no class in this project is marked [WorkerEnv], so no properties are generated for them",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor UnsupportedBindingKind = Create(
        RuleIdentifiers.UnsupportedBindingKind,
        "The config file declares a binding of a kind WorkerSockets does not implement",
        "{0}: {1}",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor MisspelledConfigKey = Create(
        RuleIdentifiers.MisspelledConfigKey,
        "A config-file key or a bound name looks like a misspelling",
        "{0}: {1}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor IgnoredConfigFile = Create(
        RuleIdentifiers.IgnoredConfigFile,
        "A second wrangler config file is not read",
        "{0} is not read: {1} is the config wrangler uses (it prefers wrangler.json, then wrangler.jsonc, then wrangler.toml), so nothing this file declares reaches Env; move what it declares into {1} and delete it",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnmarkedWorker = Create(
        RuleIdentifiers.UnmarkedWorker,
        "A class with a worker's handler is not marked [Worker]",
        "'{0}' has a worker's handler, {1}, but no [Worker] attribute, and no class in this project has one: mark it [Worker] and partial, so the generated glue lets WorkerHost.RunAsync<{0}> and MapWorker<{0}> serve it",
        DiagnosticSeverity.Warning,
        WellKnownDiagnosticTags.CompilationEnd);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, params string[] tags) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: RuleIdentifiers.HelpLink(id), customTags: tags);
}
