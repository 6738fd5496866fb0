using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using WorkerSockets.Analyzers.Rules;

namespace WorkerSockets.Analyzers.CodeFixes.Rules;

/// <summary>WSK007: declares the socket with <c>await using</c> so every path disposes it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitUsingSocketFix)), Shared]
public sealed class AwaitUsingSocketFix : DocumentEditFixProvider
{
    private const string Key = "WSK007.AwaitUsing";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SocketLeftOpen);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => ForEachReportedNodeAsync(context, (diagnostic, node, model) =>
    {
        // Only where no path returns, stores or hands the socket on: there 'await using' would hand out a closed socket.
        if (diagnostic.Properties.ContainsKey(SocketLeftOpenAnalyzer.DisposeHereProperty)
            && DeclarationOf(node) is { } declaration && AsyncFunctions.CanAwaitAt(declaration, model, out _))
        {
            Offer(context, diagnostic, "Declare the socket with 'await using'", Key);
        }
    });

    private protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var madeAsync = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(SocketLeftOpenAnalyzer.DisposeHereProperty)
                || DeclarationOf(editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is not { } declaration
                || !AsyncFunctions.CanAwaitAt(declaration, editor.SemanticModel, out var function))
            {
                continue;
            }

            var awaitUsing = SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.Token(declaration.GetLeadingTrivia(), SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                declaration.Modifiers,
                declaration.Declaration.WithoutLeadingTrivia(),
                declaration.SemicolonToken);
            editor.ReplaceNode(declaration, awaitUsing);
            AsyncFunctions.MakeAsync(editor, function, madeAsync);
        }

        return editor.GetChangedDocument();
    }

    /// <summary>
    /// The plain <c>var s = Sockets.Connect(...);</c> statement (in a block) that declares the reported socket; for an
    /// async factory, <c>var s = await OpenAsync();</c> (also with <c>.ConfigureAwait(false)</c>).
    /// </summary>
    private static LocalDeclarationStatementSyntax? DeclarationOf(SyntaxNode node)
    {
        while (node.Parent is AwaitExpressionSyntax
               || (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access && access.Expression == node
                   && access.Parent is InvocationExpressionSyntax))
        {
            node = node.Parent is AwaitExpressionSyntax ? node.Parent : node.Parent.Parent!;
        }

        return DeclarationOfValue(node);
    }

    private static LocalDeclarationStatementSyntax? DeclarationOfValue(SyntaxNode node)
        => node.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } } }
           && statement.UsingKeyword.IsKind(SyntaxKind.None) && !statement.IsConst && statement.Parent is BlockSyntax or GlobalStatementSyntax
            ? statement
            : null;
}
