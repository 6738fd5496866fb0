using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace WorkerSockets.Analyzers.CodeFixes;

/// <summary>A fix that edits one document for any number of its diagnostics, so fix-all and a single fix share one code path.</summary>
public abstract class DocumentEditFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => new FixAll(this);

    /// <summary>Applies the fix named <paramref name="equivalenceKey"/> for every diagnostic in <paramref name="diagnostics"/>.</summary>
    private protected abstract Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken);

    private protected Task<Document> FixOneAsync(Document document, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
        => FixAsync(document, ImmutableArray.Create(diagnostic), equivalenceKey, cancellationToken);

    private sealed class FixAll : DocumentBasedFixAllProvider
    {
        private readonly DocumentEditFixProvider provider;

        public FixAll(DocumentEditFixProvider provider) => this.provider = provider;

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
            => diagnostics.IsEmpty ? null : await provider.FixAsync(document, diagnostics, fixAllContext.CodeActionEquivalenceKey, fixAllContext.CancellationToken).ConfigureAwait(false);
    }
}
