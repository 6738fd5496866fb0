using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace WorkerSockets.Analyzers.CodeFixes;

/// <summary>Decides whether <c>await</c> can go at a point, and makes the enclosing function <c>async</c> when that keeps the code compiling.</summary>
internal static class AsyncFunctions
{
    /// <summary>The method, local function, lambda or anonymous method whose body holds <paramref name="node"/>.</summary>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node)
        => node.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax);

    /// <summary>
    /// Whether <c>await</c> can be added at <paramref name="node"/>: the function is async already, or becomes async without
    /// breaking callers (it returns <c>Task</c>/<c>ValueTask</c> with only <c>return Task.CompletedTask;</c>). A <c>void</c> function
    /// is never made async: <c>async void</c> turns a close failure into a process crash, which is worse than the warning.
    /// </summary>
    public static bool CanAwaitAt(SyntaxNode node, SemanticModel model, out SyntaxNode function)
    {
        var enclosing = EnclosingFunction(node);
        function = enclosing!;
        if (enclosing is null || node.Ancestors().TakeWhile(a => a != enclosing).Any(a => a is LockStatementSyntax or QueryExpressionSyntax))
        {
            return false;
        }

        if (IsAsync(function))
        {
            return true;
        }

        if (function is AccessorDeclarationSyntax or ConstructorDeclarationSyntax or DestructorDeclarationSyntax or OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax)
        {
            return false;
        }

        var symbol = function is AnonymousFunctionExpressionSyntax
            ? model.GetSymbolInfo(function).Symbol as IMethodSymbol
            : model.GetDeclaredSymbol(function) as IMethodSymbol;
        if (symbol is null || symbol.IsAbstract || symbol.IsExtern || symbol.ReturnsByRef || symbol.ReturnsByRefReadonly
            || symbol.Parameters.Any(p => p.RefKind != RefKind.None) || (symbol.IsStatic && symbol.Name == "Main")
            || BodyOf(function) is not { } body || body.DescendantNodes(d => !IsNestedFunction(d)).Any(d => d is YieldStatementSyntax))
        {
            return false;
        }

        if (symbol.ReturnsVoid)
        {
            return false;
        }

        return IsPlainTask(symbol.ReturnType) && ReturnsOf(function).All(IsCompletedReturn);
    }

    /// <summary>Adds <c>async</c> to the function (once) and turns <c>return Task.CompletedTask;</c> into <c>return;</c>.</summary>
    public static void MakeAsync(DocumentEditor editor, SyntaxNode function, HashSet<SyntaxNode> alreadyAsync)
    {
        if (IsAsync(function) || !alreadyAsync.Add(function))
        {
            return;
        }

        foreach (var returnStatement in ReturnsOf(function))
        {
            if (returnStatement.Expression is null)
            {
                continue;
            }

            // The last statement of the body: an async method simply ends there, so a bare 'return;' would be noise.
            if (returnStatement.Parent is BlockSyntax block && block.Parent == function && block.Statements.Last() == returnStatement)
            {
                editor.RemoveNode(returnStatement, SyntaxRemoveOptions.KeepUnbalancedDirectives);
            }
            else
            {
                editor.ReplaceNode(returnStatement, SyntaxFactory.ReturnStatement().WithTriviaFrom(returnStatement));
            }
        }

        editor.ReplaceNode(function, (current, generator) => AddAsync(current, generator));
    }

    private static SyntaxNode AddAsync(SyntaxNode function, SyntaxGenerator generator)
    {
        var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        switch (function)
        {
            case AnonymousFunctionExpressionSyntax anonymous:
                var leading = anonymous.GetLeadingTrivia();
                return anonymous.WithoutLeadingTrivia().WithAsyncKeyword(asyncKeyword).WithLeadingTrivia(leading);
            default:
                return generator.WithModifiers(function, generator.GetModifiers(function).WithAsync(true));
        }
    }

    private static bool IsAsync(SyntaxNode function) => function switch
    {
        AnonymousFunctionExpressionSyntax anonymous => anonymous.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
        LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
        BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
        _ => false,
    };

    private static SyntaxNode? BodyOf(SyntaxNode function) => function switch
    {
        AnonymousFunctionExpressionSyntax anonymous => anonymous.Body,
        LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
        BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
        _ => null,
    };

    private static bool IsNestedFunction(SyntaxNode node) => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

    private static IEnumerable<ReturnStatementSyntax> ReturnsOf(SyntaxNode function)
        => BodyOf(function) is { } body
            ? body.DescendantNodes(d => !IsNestedFunction(d)).OfType<ReturnStatementSyntax>()
            : Enumerable.Empty<ReturnStatementSyntax>();

    private static bool IsPlainTask(ITypeSymbol type)
        => type is INamedTypeSymbol { Arity: 0, Name: "Task" or "ValueTask", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Threading.Tasks";

    private static bool IsCompletedReturn(ReturnStatementSyntax returnStatement) => returnStatement.Expression switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask" } => true,
        LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.DefaultLiteralExpression),
        DefaultExpressionSyntax => true,
        _ => false,
    };
}
