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

/// <summary>A <c>[WorkerEnv]</c> class, as far as the emitter needs it.</summary>
internal sealed record EnvModel(
    string? Namespace,
    string Name,
    string Keyword,
    string FullyQualifiedName,
    bool DeclaresToString,
    EquatableArray<AttributeBinding> Bindings,
    EquatableArray<string> MemberNames)
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

/// <summary>A <c>[Worker]</c> class with a valid <c>Fetch</c> method.</summary>
internal sealed record WorkerModel(
    string? Namespace,
    string Name,
    string Keyword,
    string FullyQualifiedName,
    string EnvFullyQualifiedName,
    FetchReturn Return)
{
    public string HintName => $"{(Namespace is null ? "" : Namespace + ".")}{Name}.Worker.g.cs";

    /// <summary>Whether the class has a valid <c>Fetch</c>; a worker may have only <see cref="Connect"/>.</summary>
    public bool HasFetch { get; init; } = true;

    /// <summary>The valid <c>Connect</c> handler, if the class has one.</summary>
    public ConnectModel? Connect { get; init; }

    public string ConnectHintName => $"{(Namespace is null ? "" : Namespace + ".")}{Name}.WorkerConnections.g.cs";
}

internal enum ConnectReturn
{
    Task,
    ValueTask,
}

/// <summary>A <c>[Worker]</c> class's valid <c>Connect(WorkerSocket, TEnv, WorkerContext)</c> handler.</summary>
internal sealed record ConnectModel(string EnvFullyQualifiedName, ConnectReturn Return);
