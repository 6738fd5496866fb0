using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace WorkerSockets.Analyzers.CodeFixes;

/// <summary>A fix that edits one document for any number of its diagnostics, so fix-all and a single fix share one code path.</summary>
public abstract class DocumentEditFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => new FixAll(this);

    /// <summary>Applies the fix named <paramref name="equivalenceKey"/> for every diagnostic in <paramref name="diagnostics"/>.</summary>
    private protected abstract Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="offer"/> for each diagnostic with the node it reports and the document's semantic model.</summary>
    private protected static async Task ForEachReportedNodeAsync(CodeFixContext context, Action<Diagnostic, SyntaxNode, SemanticModel> offer)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            offer(diagnostic, root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), model);
        }
    }

    /// <summary>Offers the fix named <paramref name="equivalenceKey"/> for one diagnostic; fix-all applies the same key.</summary>
    private protected void Offer(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey)
    {
        var document = context.Document;
        context.RegisterCodeFix(CodeAction.Create(title, ct => FixAsync(document, ImmutableArray.Create(diagnostic), equivalenceKey, ct), equivalenceKey), diagnostic);
    }

    private sealed class FixAll : DocumentBasedFixAllProvider
    {
        private readonly DocumentEditFixProvider provider;

        public FixAll(DocumentEditFixProvider provider) => this.provider = provider;

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
            => diagnostics.IsEmpty ? null : await provider.FixAsync(document, diagnostics, fixAllContext.CodeActionEquivalenceKey, fixAllContext.CancellationToken).ConfigureAwait(false);
    }
}
