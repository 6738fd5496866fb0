namespace WorkerSockets.Generators.Model;

/// <summary>What a binding is in wrangler's terms; named in problems and docs.</summary>
internal enum BindingKind
{
    Var,
    Secret,
    Hyperdrive,
}

/// <summary>The .NET type a binding property has.</summary>
internal enum BindingType
{
    String,
    Int32,
    Int64,
    Double,
    Decimal,
    Boolean,
    Hyperdrive,
    Object,

    /// <summary>A JSON array var: a typed array when its elements agree (<see cref="ShapeKind"/> of the elements), else a <c>JsonElement</c>.</summary>
    Array,
}

/// <summary>A partial property of a <c>[WorkerEnv]</c> class that carries a binding attribute.</summary>
/// <param name="Modifiers">The declaration's modifiers, repeated on the implementation (e.g. <c>public partial</c>).</param>
/// <param name="TypeName">The property type as declared, fully qualified.</param>
internal sealed record AttributeBinding(
    string BindingName,
    BindingKind Kind,
    BindingType Type,
    bool IsNullable,
    string PropertyName,
    string Modifiers,
    string TypeName);

/// <summary>
/// A partial binding property the generator cannot bind (a WSK1xx error names it). It still gets an implementation
/// that throws, so the compiler reports no CS9248 and runs the analyzers that report the WSK1xx cause.
/// </summary>
/// <param name="Signature">Modifiers, type and name (or <c>this[...]</c>) as the implementation repeats them.</param>
/// <param name="Accessors">Each accessor with its own modifiers, e.g. <c>get</c>, <c>private set</c>.</param>
/// <param name="Problem">Why it is not bound, for the exception's message.</param>
internal sealed record UnboundProperty(string Signature, EquatableArray<string> Accessors, string Problem);

/// <summary>A <c>[WorkerEnv]</c> class, as far as the emitter needs it.</summary>
/// <param name="CanBind">Whether the class has the shape <c>Bind</c> needs; when not, only <see cref="Unbound"/> is emitted.</param>
/// <param name="DeclarationName">The name with its type parameters, as a partial declaration repeats it.</param>
/// <param name="ContainingTypes">Partial declarations of the types it is nested in, outermost first.</param>
internal sealed record EnvModel(
    string? Namespace,
    string Name,
    string Keyword,
    string FullyQualifiedName,
    bool DeclaresToString,
    EquatableArray<AttributeBinding> Bindings,
    EquatableArray<string> MemberNames,
    bool CanBind,
    string DeclarationName,
    EquatableArray<string> ContainingTypes,
    EquatableArray<UnboundProperty> Unbound)
{
    public string HintName => $"{(Namespace is null ? "" : Namespace + ".")}{Name}.WorkerEnv.g.cs";
}

/// <summary>How the worker's <c>Fetch</c> returns its response.</summary>
internal enum FetchReturn
{
    Task,
    ValueTask,
    Sync,
}

/// <summary>A well-shaped <c>[Worker]</c> class.</summary>
/// <param name="EnvFullyQualifiedName">The environment type of its valid <c>Fetch</c>; null when it has none.</param>
/// <param name="FetchProblem">Why its <c>Fetch</c> is not valid (WSK101); <c>CreateFetch</c> then throws, so the build shows only WSK101.</param>
internal sealed record WorkerModel(
    string? Namespace,
    string Name,
    string Keyword,
    string FullyQualifiedName,
    string? EnvFullyQualifiedName,
    FetchReturn Return,
    string? FetchProblem = null)
{
    public string HintName => $"{(Namespace is null ? "" : Namespace + ".")}{Name}.Worker.g.cs";

    /// <summary>
    /// Whether code can be added to the class; <see langword="false"/> for one WSK100/WSK108 rejects, kept only so that
    /// the environment it names (<see cref="ImplicitEnvName"/>) is still declared.
    /// </summary>
    public bool CanEmit { get; init; } = true;

    /// <summary>Whether the class has a valid <c>Fetch</c>; a worker may have only <see cref="Connect"/>.</summary>
    public bool HasFetch { get; init; } = true;

    /// <summary>The valid <c>Connect</c> handler, if the class has one.</summary>
    public ConnectModel? Connect { get; init; }

    /// <summary>
    /// The name of the environment type its handlers name but nobody declared (<c>Env</c>): the generator declares it
    /// as a <c>[WorkerEnv]</c> class in the worker's namespace, unless a <c>[WorkerEnv]</c> class of that name exists elsewhere.
    /// </summary>
    public string? ImplicitEnvName { get; init; }

    public string ConnectHintName => $"{(Namespace is null ? "" : Namespace + ".")}{Name}.WorkerConnections.g.cs";
}

internal enum ConnectReturn
{
    Task,
    ValueTask,
}

/// <summary>A <c>[Worker]</c> class's valid <c>Connect(WorkerSocket, TEnv, WorkerContext)</c> handler.</summary>
internal sealed record ConnectModel(string EnvFullyQualifiedName, ConnectReturn Return)
{
    /// <summary>As <see cref="WorkerModel.ImplicitEnvName"/>, for <c>Connect</c>'s environment.</summary>
    public string? ImplicitEnvName { get; init; }
}
