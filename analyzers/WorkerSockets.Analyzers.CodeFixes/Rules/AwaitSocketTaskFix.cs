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
using Microsoft.CodeAnalysis.Simplification;

namespace WorkerSockets.Analyzers.CodeFixes.Rules;

/// <summary>WSK009: replaces <c>.Result</c>, <c>.Wait()</c> and <c>GetAwaiter().GetResult()</c> with <c>await</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitSocketTaskFix)), Shared]
public sealed class AwaitSocketTaskFix : DocumentEditFixProvider
{
    private const string Key = "WSK009.Await";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.BlockingOnSocketTask);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => ForEachReportedNodeAsync(context, (diagnostic, node, model) =>
    {
        if (AwaitedTask(node) is not null && AsyncFunctions.CanAwaitAt(node, model, out _))
        {
            Offer(context, diagnostic, "Await the task", Key);
        }
    });

    private protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var madeAsync = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is not ExpressionSyntax blocking || AwaitedTask(node) is not { } task || !AsyncFunctions.CanAwaitAt(node, editor.SemanticModel, out var function))
            {
                continue;
            }

            ExpressionSyntax awaited = SyntaxFactory.AwaitExpression(task.WithoutTrivia());
            if (blocking.Parent is not (ExpressionStatementSyntax or EqualsValueClauseSyntax or ArrowExpressionClauseSyntax or ArgumentSyntax or ReturnStatementSyntax or AssignmentExpressionSyntax))
            {
                awaited = SyntaxFactory.ParenthesizedExpression(awaited).WithAdditionalAnnotations(Simplifier.Annotation);
            }

            editor.ReplaceNode(blocking, awaited.WithTriviaFrom(blocking));
            AsyncFunctions.MakeAsync(editor, function, madeAsync);
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The task the blocking call waits for: <c>X</c> of <c>X.Result</c>, <c>X.Wait()</c> or <c>X.GetAwaiter().GetResult()</c>.</summary>
    private static ExpressionSyntax? AwaitedTask(SyntaxNode node) => node switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result => result.Expression,
        InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait } => wait.Expression,
        InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax
            {
                Name.Identifier.ValueText: "GetResult",
                Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
            },
        } => getAwaiter.Expression,
        _ => null,
    };
}
