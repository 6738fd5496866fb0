using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK004: a connect that runs in global scope — a static constructor, static initializer or module initializer.</summary>
public sealed class ConnectInGlobalScopeAnalyzer : WorkerSocketsAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.ConnectInGlobalScope);

    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
        => context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;

                // A factory in this compilation (static readonly WorkerSocket Db = Open();) connects where it is called. The
                // factory answer is cached per method, and only asked for code that can run in global scope.
                if (!symbols.IsSocketProducer(invocation.TargetMethod)
                    && !(MayRunInGlobalScope(operation.ContainingSymbol, symbols) && symbols.Factories.ReturnsNewSocket(invocation.TargetMethod)))
                {
                    return;
                }

                if (invocation.EnclosingFunction() is not null)
                {
                    // Code in a lambda or local function runs when it is called, not while the type initializes.
                    return;
                }

                var scope = GlobalScopeOf(invocation, operation.ContainingSymbol, symbols);
                if (scope is not null)
                {
                    operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.ConnectInGlobalScope, invocation.Syntax.GetLocation(), scope));
                }
            },
            OperationKind.Invocation);

    /// <summary>A cheap first test: field and property initializers, static constructors, module initializers and top-level statements.</summary>
    private static bool MayRunInGlobalScope(ISymbol containingSymbol, WorkerSocketsSymbols symbols) => containingSymbol switch
    {
        IFieldSymbol or IPropertySymbol => true,
        IMethodSymbol method => method.MethodKind == MethodKind.StaticConstructor || method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName
                                || (method.IsStatic && symbols.IsModuleInitializer(method)),
        _ => false,
    };

    private static string? GlobalScopeOf(IOperation operation, ISymbol containingSymbol, WorkerSocketsSymbols symbols)
    {
        switch (operation.Root())
        {
            case IFieldInitializerOperation fieldInitializer:
                foreach (var field in fieldInitializer.InitializedFields)
                {
                    if (field.IsStatic)
                    {
                        return "static field initializer";
                    }

                    // The one [Worker] instance is made when the host starts, outside any request.
                    if (symbols.IsWorkerClass(field.ContainingType))
                    {
                        return "field initializer of the [Worker] class";
                    }
                }

                return null;
            case IPropertyInitializerOperation propertyInitializer:
                foreach (var property in propertyInitializer.InitializedProperties)
                {
                    if (property.IsStatic)
                    {
                        return "static property initializer";
                    }

                    if (symbols.IsWorkerClass(property.ContainingType))
                    {
                        return "property initializer of the [Worker] class";
                    }
                }

                return null;
        }

        if (containingSymbol is IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.StaticConstructor)
            {
                return "static constructor";
            }

            if (symbols.IsModuleInitializer(method))
            {
                return "module initializer";
            }

            // Top-level statements are the program's Main: they run once at startup, outside any request.
            if (method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName)
            {
                return "top-level statements";
            }
        }

        return null;
    }
}
