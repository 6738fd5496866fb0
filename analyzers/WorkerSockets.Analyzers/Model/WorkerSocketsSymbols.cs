using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace WorkerSockets.Analyzers.Model;

/// <summary>The WorkerSockets and BCL symbols the rules need, resolved once per compilation.</summary>
internal sealed class WorkerSocketsSymbols
{
    private WorkerSocketsSymbols(Compilation compilation, INamedTypeSymbol sockets, INamedTypeSymbol workerSocket)
    {
        Compilation = compilation;
        Sockets = sockets;
        WorkerSocket = workerSocket;
        Hyperdrive = compilation.GetTypeByMetadataName("WorkerSockets.Hyperdrive");
        Callees = new CalleeOwnership(this);
        Factories = new SocketFactories(this);
        WorkerContext = compilation.GetTypeByMetadataName("WorkerSockets.WorkerContext");
        SocketOptions = compilation.GetTypeByMetadataName("WorkerSockets.SocketOptions");
        SecureTransport = compilation.GetTypeByMetadataName("WorkerSockets.SecureTransport");
        WorkerAttribute = compilation.GetTypeByMetadataName("WorkerSockets.WorkerAttribute");
        DnsEndPoint = compilation.GetTypeByMetadataName("System.Net.DnsEndPoint");
        IPEndPoint = compilation.GetTypeByMetadataName("System.Net.IPEndPoint");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        ThreadPool = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");
        Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        ThreadingTimer = compilation.GetTypeByMetadataName("System.Threading.Timer");
        TimersTimer = compilation.GetTypeByMetadataName("System.Timers.Timer");
        ModuleInitializerAttribute = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ModuleInitializerAttribute");
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol Sockets { get; }

    public INamedTypeSymbol? Hyperdrive { get; }

    /// <summary>Which callees take ownership of a socket passed to them, decided once per parameter.</summary>
    public CalleeOwnership Callees { get; }

    /// <summary>Which source methods return a new socket to their caller, decided once per method.</summary>
    public SocketFactories Factories { get; }

    public INamedTypeSymbol WorkerSocket { get; }

    public INamedTypeSymbol? WorkerContext { get; }

    public INamedTypeSymbol? SocketOptions { get; }

    public INamedTypeSymbol? SecureTransport { get; }

    public INamedTypeSymbol? WorkerAttribute { get; }

    public INamedTypeSymbol? DnsEndPoint { get; }

    public INamedTypeSymbol? IPEndPoint { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? TaskFactory { get; }

    public INamedTypeSymbol? ThreadPool { get; }

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? ThreadingTimer { get; }

    public INamedTypeSymbol? TimersTimer { get; }

    public INamedTypeSymbol? ModuleInitializerAttribute { get; }

    /// <summary>Resolves the symbols; <see langword="false"/> when the compilation does not reference WorkerSockets.</summary>
    public static bool TryCreate(Compilation compilation, out WorkerSocketsSymbols symbols)
    {
        // One instance per compilation, shared by every rule: the lookups and the callee-ownership cache are made once.
        symbols = PerCompilation.GetValue(compilation, Create).Symbols!;
        return symbols is not null;
    }

    private static readonly ConditionalWeakTable<Compilation, Resolved> PerCompilation = new();

    private static Resolved Create(Compilation compilation)
    {
        var sockets = compilation.GetTypeByMetadataName("WorkerSockets.Sockets");
        var workerSocket = compilation.GetTypeByMetadataName("WorkerSockets.WorkerSocket");
        return new Resolved(sockets is null || workerSocket is null ? null : new WorkerSocketsSymbols(compilation, sockets, workerSocket));
    }

    private sealed class Resolved(WorkerSocketsSymbols? symbols)
    {
        public WorkerSocketsSymbols? Symbols { get; } = symbols;
    }

    public bool IsSocket(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, WorkerSocket);

    public bool IsConnect(IMethodSymbol? method)
        => method is { Name: "Connect" } && SymbolEqualityComparer.Default.Equals(method.ContainingType, Sockets);

    /// <summary><c>Sockets.Connect</c> or <c>Hyperdrive.Connect()</c>: a call that opens a new socket the caller owns.</summary>
    public bool IsSocketProducer(IMethodSymbol? method)
        => IsConnect(method) || IsHyperdriveConnect(method);

    public bool IsHyperdriveConnect(IMethodSymbol? method)
        => method is { Name: "Connect", IsStatic: false, Parameters.Length: 0 } && Hyperdrive is not null
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, Hyperdrive);

    public bool IsCloseOrDispose(IMethodSymbol? method)
        => method is { Name: "CloseAsync" or "DisposeAsync", Parameters.Length: 0 }
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, WorkerSocket);

    public bool IsStartTls(IMethodSymbol? method)
        => method is { Name: "StartTls" } && SymbolEqualityComparer.Default.Equals(method.ContainingType, WorkerSocket);

    public bool IsWaitUntil(IMethodSymbol? method)
        => method is { Name: "WaitUntil" } && WorkerContext is not null
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, WorkerContext);

    public bool IsWorkerContext(ITypeSymbol? type) => type is not null && WorkerContext is not null && SymbolEqualityComparer.Default.Equals(type, WorkerContext);

    public bool IsWorkerClass(INamedTypeSymbol? type)
    {
        if (type is null || WorkerAttribute is null)
        {
            return false;
        }

        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, WorkerAttribute))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsModuleInitializer(IMethodSymbol method)
    {
        if (ModuleInitializerAttribute is null)
        {
            return false;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, ModuleInitializerAttribute))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsTaskLike(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        var original = named.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(original, Task)
            || SymbolEqualityComparer.Default.Equals(original, TaskOfT)
            || SymbolEqualityComparer.Default.Equals(original, ValueTask)
            || SymbolEqualityComparer.Default.Equals(original, ValueTaskOfT);
    }
}
