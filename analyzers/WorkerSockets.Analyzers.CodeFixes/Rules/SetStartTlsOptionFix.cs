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
using Microsoft.CodeAnalysis.Simplification;
using WorkerSockets.Analyzers.Rules;

namespace WorkerSockets.Analyzers.CodeFixes.Rules;

/// <summary>WSK005: opens the socket with <c>SecureTransport = SecureTransport.StartTls</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetStartTlsOptionFix)), Shared]
public sealed class SetStartTlsOptionFix : DocumentEditFixProvider
{
    private const string Key = "WSK005.SetOption";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.StartTlsWithoutOption);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.AdditionalLocations.Count == 1 && diagnostic.Properties.ContainsKey(StartTlsWithoutOptionAnalyzer.EditProperty))
            {
                Offer(context, diagnostic, "Open the socket with SecureTransport.StartTls", Key);
            }
        }

        return Task.CompletedTask;
    }

    private protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var edited = new System.Collections.Generic.HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.AdditionalLocations.Count != 1
                || !diagnostic.Properties.TryGetValue(StartTlsWithoutOptionAnalyzer.EditProperty, out var edit)
                || editor.OriginalRoot.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not { } target
                || !edited.Add(target))
            {
                continue;
            }

            switch (edit)
            {
                case StartTlsWithoutOptionAnalyzer.AddArgument when target is InvocationExpressionSyntax connect:
                    var named = connect.ArgumentList.Arguments.Any(a => a.NameColon is not null);
                    var argument = SyntaxFactory.Argument(NewOptions());
                    if (named)
                    {
                        argument = argument.WithNameColon(SyntaxFactory.NameColon("options"));
                    }

                    editor.ReplaceNode(connect, connect.AddArgumentListArguments(argument));
                    break;
                case StartTlsWithoutOptionAnalyzer.ReplaceOptions when target is ExpressionSyntax options:
                    editor.ReplaceNode(options, NewOptions().WithTriviaFrom(options));
                    break;
                case StartTlsWithoutOptionAnalyzer.SetProperty when target is BaseObjectCreationExpressionSyntax creation:
                    editor.ReplaceNode(creation, SetTransport(creation));
                    break;
            }
        }

        // The names are written qualified; add 'using WorkerSockets;' where it is missing so the simplifier can shorten them.
        return await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static ExpressionSyntax StartTlsValue()
        => SyntaxFactory.ParseExpression("global::WorkerSockets.SecureTransport.StartTls").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    private static AssignmentExpressionSyntax TransportAssignment()
        => SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName("SecureTransport").WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space),
            StartTlsValue());

    /// <summary><c>{ SecureTransport = SecureTransport.StartTls }</c>, on one line.</summary>
    private static InitializerExpressionSyntax TransportInitializer()
        => SyntaxFactory.InitializerExpression(
            SyntaxKind.ObjectInitializerExpression,
            SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(TransportAssignment()),
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space));

    private static ObjectCreationExpressionSyntax NewOptions()
        => SyntaxFactory.ObjectCreationExpression(
            SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.ParseTypeName("global::WorkerSockets.SocketOptions").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation).WithTrailingTrivia(SyntaxFactory.Space),
            argumentList: null,
            TransportInitializer());

    private static BaseObjectCreationExpressionSyntax SetTransport(BaseObjectCreationExpressionSyntax creation)
    {
        var initializer = creation.Initializer;
        if (initializer is null)
        {
            var created = creation is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } explicitType
                ? explicitType.WithArgumentList(null).WithType(explicitType.Type.WithTrailingTrivia(SyntaxFactory.Space))
                : creation;
            return created.WithInitializer(TransportInitializer());
        }

        var existing = initializer.Expressions.OfType<AssignmentExpressionSyntax>()
            .FirstOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "SecureTransport" });
        if (existing is not null)
        {
            return creation.ReplaceNode(existing.Right, StartTlsValue().WithTriviaFrom(existing.Right));
        }

        return creation.WithInitializer(initializer.AddExpressions(TransportAssignment())).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
