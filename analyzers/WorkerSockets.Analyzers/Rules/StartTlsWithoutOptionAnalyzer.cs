using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK005: <c>StartTls()</c> on a socket whose options, known at compile time, are not <c>SecureTransport.StartTls</c> (also a <c>Hyperdrive.Connect()</c> socket, which has none).</summary>
public sealed class StartTlsWithoutOptionAnalyzer : WorkerSocketsAnalyzer
{
    /// <summary>The diagnostic property that tells the code fix how to set the option.</summary>
    public const string EditProperty = "Edit";

    /// <summary>Add an options argument to the connect call (the additional location).</summary>
    public const string AddArgument = "AddArgument";

    /// <summary>Replace the options expression (the additional location) with new options.</summary>
    public const string ReplaceOptions = "ReplaceOptions";

    /// <summary>Set the property in the <c>new SocketOptions { ... }</c> expression (the additional location).</summary>
    public const string SetProperty = "SetProperty";

    private const int MaxDepth = 8;

    // The options are shared with other code: the rule still reports, but no edit is safe.
    private const string NoEdit = "";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.StartTlsWithoutOption);

    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
    {
        if (symbols.SocketOptions is null || symbols.SecureTransport is null)
        {
            return;
        }

        context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                if (!symbols.IsStartTls(invocation.TargetMethod) || invocation.Instance is null)
                {
                    return;
                }

                var connect = FindConnect(invocation.Instance, symbols, 0);
                if (connect is null || !TryGetTransport(connect, symbols, out var transport, out var edit, out var target))
                {
                    return;
                }

                if (transport != "StartTls")
                {
                    operation.ReportDiagnostic(Diagnostic.Create(
                        RuleDescriptors.StartTlsWithoutOption,
                        invocation.Syntax.GetLocation(),
                        additionalLocations: new[] { target.Syntax.GetLocation() },
                        properties: edit == NoEdit ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(EditProperty, edit),
                        transport));
                }
            },
            OperationKind.Invocation);
    }

    private static IInvocationOperation? FindConnect(IOperation socket, WorkerSocketsSymbols symbols, int depth)
    {
        socket = socket.WithoutConversions();
        return socket switch
        {
            IInvocationOperation invocation when symbols.IsSocketProducer(invocation.TargetMethod) => invocation,
            ILocalReferenceOperation local when depth < MaxDepth && local.TryGetReachingValue(out var value)
                => FindConnect(value, symbols, depth + 1),
            _ => null,
        };
    }

    /// <summary>The SecureTransport member name the socket is opened with, when it is known at compile time.</summary>
    private static bool TryGetTransport(IInvocationOperation connect, WorkerSocketsSymbols symbols, out string transport, out string edit, out IOperation target)
    {
        transport = "Off";
        edit = AddArgument;
        target = connect;
        if (symbols.IsHyperdriveConnect(connect.TargetMethod))
        {
            // Hyperdrive.Connect() takes no options: its socket is always plain, and there is nothing to edit.
            edit = NoEdit;
            return true;
        }

        var options = connect.GetArgument("options");
        if (options is null)
        {
            return false;
        }

        if (options.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return true;
        }

        edit = ReplaceOptions;
        target = options.Value;
        return TryGetTransportOfOptions(options.Value, symbols, 0, ref transport, ref edit, ref target);
    }

    private static bool TryGetTransportOfOptions(IOperation options, WorkerSocketsSymbols symbols, int depth, ref string transport, ref string edit, ref IOperation target)
    {
        var value = options.WithoutConversions();
        if (value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation)
        {
            return true;
        }

        if (value is ILocalReferenceOperation local)
        {
            if (depth >= MaxDepth
                || !local.Local.TryGetSingleAssignedValue(value.Root(), out var assigned)
                || !TryGetTransportOfOptions(assigned, symbols, depth + 1, ref transport, ref edit, ref target))
            {
                return false;
            }

            // Options another connect also reads: setting the property would change that socket too, so offer no edit.
            if (HasOtherReads(local))
            {
                edit = NoEdit;
            }

            return true;
        }

        if (value is not IObjectCreationOperation creation || !SymbolEqualityComparer.Default.Equals(creation.Type, symbols.SocketOptions))
        {
            return false;
        }

        edit = SetProperty;
        target = creation;
        if (creation.Initializer is null)
        {
            return true;
        }

        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "SecureTransport" } } assignment)
            {
                return TryGetMemberName(assignment.Value, symbols, out transport);
            }
        }

        return true;
    }

    private static bool HasOtherReads(ILocalReferenceOperation local)
    {
        var reads = 0;
        foreach (var _ in SocketOwnership.ReadsOf(local.Local, local.Root()))
        {
            if (++reads > 1)
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryGetMemberName(IOperation value, WorkerSocketsSymbols symbols, out string name)
    {
        name = string.Empty;
        if (value.ConstantValue is not { HasValue: true, Value: { } constant })
        {
            return false;
        }

        foreach (var member in symbols.SecureTransport!.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, constant))
            {
                name = field.Name;
                return true;
            }
        }

        return false;
    }
}
