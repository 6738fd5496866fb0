namespace WorkerSockets.Generators.Model;

/// <summary>The shape of a JSON-object var member, inferred from the config file's value.</summary>
internal enum ShapeKind
{
    String,
    Integer,
    Float,
    Boolean,
    Object,
    Json,
}

/// <summary>One member of a JSON-object var's generated record.</summary>
internal sealed record ShapeMember(string JsonName, string PropertyName, ShapeKind Kind, ObjectShape? Nested);

/// <summary>The members of a generated record for a JSON-object var.</summary>
internal sealed record ObjectShape(EquatableArray<ShapeMember> Members);

/// <summary>Where a config binding is declared: the top level (<see cref="Environment"/> null) or one <c>[env.&lt;name&gt;]</c>, with that place's default.</summary>
internal sealed record BindingDeclaration(string? Environment, string? Value);

/// <summary>A binding declared in wrangler.toml / wrangler.json(c), merged over every place that declares it.</summary>
/// <param name="DefaultValue">The top level's value as the binding lookup would return it (JSON text for objects), or null.</param>
/// <param name="ElementKind">For an array var: the kind every element has, or <see cref="ShapeKind.Json"/> when they differ.</param>
/// <param name="Declarations">Every place that declares it (bindings are not inherited), with that place's value.</param>
internal sealed record ConfigBinding(
    string BindingName,
    BindingKind Kind,
    BindingType Type,
    string PropertyName,
    string? DefaultValue,
    ObjectShape? Shape,
    int Line,
    int Column,
    EquatableArray<BindingDeclaration> Declarations = default,
    ShapeKind ElementKind = ShapeKind.Json,
    string? HyperdriveId = null);

/// <summary>A problem in a config file, with a 0-based line and column.</summary>
internal sealed record ConfigProblem(string RuleId, string Message, int Line, int Column);

/// <summary>One parsed config file: its bindings, the wrangler environments it declares, and its problems.</summary>
internal sealed record ConfigModel(
    string Path,
    string FileName,
    EquatableArray<ConfigBinding> Bindings,
    EquatableArray<ConfigProblem> Problems,
    EquatableArray<string> Environments = default);
