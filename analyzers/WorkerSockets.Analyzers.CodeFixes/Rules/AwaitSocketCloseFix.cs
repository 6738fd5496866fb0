using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace WorkerSockets.Analyzers.CodeFixes.Rules;

/// <summary>WSK002: awaits the dropped close task, or hands it to <c>WorkerContext.WaitUntil</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitSocketCloseFix)), Shared]
public sealed class AwaitSocketCloseFix : DocumentEditFixProvider
{
    /// <summary>The equivalence key of the "await" fix.</summary>
    public const string AwaitKey = "WSK002.Await";

    /// <summary>The equivalence key of the "WaitUntil" fix.</summary>
    public const string WaitUntilKey = "WSK002.WaitUntil";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnobservedSocketClose);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => ForEachReportedNodeAsync(context, (diagnostic, node, model) =>
    {
        if (node is not InvocationExpressionSyntax close)
        {
            return;
        }

        if (AsyncFunctions.CanAwaitAt(close, model, out _))
        {
            Offer(context, diagnostic, "Await the close", AwaitKey);
        }

        if (FindContext(close, model) is not null)
        {
            Offer(context, diagnostic, "Pass the close to WorkerContext.WaitUntil", WaitUntilKey);
        }
    });

    private protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var madeAsync = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax close)
            {
                continue;
            }

            var dropped = DroppedExpression(close, out var task);
            if (equivalenceKey == WaitUntilKey)
            {
                if (FindContext(close, editor.SemanticModel) is not { } context)
                {
                    continue;
                }

                // A continuation chain is handed over whole (it is a Task); otherwise the close itself.
                var continued = ContinuationChain(close);
                ExpressionSyntax argument = (continued ?? close).WithoutTrivia();
                if (continued is null && editor.SemanticModel.GetSymbolInfo(close, cancellationToken).Symbol is IMethodSymbol { Name: "DisposeAsync" })
                {
                    argument = SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, argument, SyntaxFactory.IdentifierName("AsTask")));
                }

                var waitUntil = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(context.Name), SyntaxFactory.IdentifierName("WaitUntil")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument))));
                editor.ReplaceNode(dropped, waitUntil.WithTriviaFrom(dropped));
            }
            else if (AsyncFunctions.CanAwaitAt(close, editor.SemanticModel, out var function))
            {
                editor.ReplaceNode(dropped, SyntaxFactory.AwaitExpression(task.WithoutTrivia()).WithTriviaFrom(dropped).WithAdditionalAnnotations(Formatter.Annotation));
                AsyncFunctions.MakeAsync(editor, function, madeAsync);
            }
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The expression whose value is dropped (the close, its ConfigureAwait/AsTask, or the <c>_ = ...</c>) and the task inside it.</summary>
    private static ExpressionSyntax DroppedExpression(InvocationExpressionSyntax close, out ExpressionSyntax task)
    {
        ExpressionSyntax current = close;
        while (current.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" or "AsTask" or "Preserve" or "ContinueWith" or "Unwrap" } member
               && member.Expression == current && member.Parent is InvocationExpressionSyntax wrapper)
        {
            current = wrapper;
        }

        task = current;
        if (current.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard && discard.Right == current)
        {
            return discard;
        }

        return current;
    }

    /// <summary>The outermost <c>ContinueWith</c>/<c>Unwrap</c> call chained on the close (a Task to hand over), or <see langword="null"/>.</summary>
    private static ExpressionSyntax? ContinuationChain(InvocationExpressionSyntax close)
    {
        ExpressionSyntax current = close;
        ExpressionSyntax? continued = null;
        while (current.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } member
               && member.Expression == current && member.Parent is InvocationExpressionSyntax wrapper
               && name is "ConfigureAwait" or "AsTask" or "Preserve" or "ContinueWith" or "Unwrap")
        {
            current = wrapper;
            if (name is "ContinueWith" or "Unwrap")
            {
                continued = wrapper;
            }
        }

        return continued;
    }

    /// <summary>A <c>WorkerContext</c> parameter or already-declared local in scope at <paramref name="node"/>.</summary>
    private static ISymbol? FindContext(SyntaxNode node, SemanticModel model)
    {
        var workerContext = model.Compilation.GetTypeByMetadataName("WorkerSockets.WorkerContext");
        if (workerContext is null)
        {
            return null;
        }

        foreach (var symbol in model.LookupSymbols(node.SpanStart))
        {
            var type = symbol switch
            {
                IParameterSymbol parameter => parameter.Type,
                ILocalSymbol local when local.DeclaringSyntaxReferences.All(r => r.Span.End < node.SpanStart) => local.Type,
                _ => null,
            };

            if (type is not null && SymbolEqualityComparer.Default.Equals(type, workerContext))
            {
                return symbol;
            }
        }

        return null;
    }
}
