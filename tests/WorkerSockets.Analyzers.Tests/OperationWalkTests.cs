using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;
using WorkerSockets.Analyzers.Tests.Verifiers;

namespace WorkerSockets.Analyzers.Tests;

/// <summary>
/// The rules' walks over a body (<see cref="OperationWalk"/>) must meet operations in the order <c>Descendants()</c> does
/// (the first release, the first copy... decide answers), and a very deep expression must not exhaust the stack.
/// </summary>
public class OperationWalkTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(3000)]
    public void The_reads_of_a_local_come_in_descendant_order_at_any_depth(int terms)
    {
        // s.Port + s.Port + ... nests one binary operation per term: 3,000 terms go far past the walk's recursion limit.
        var sum = string.Join(" + ", Enumerable.Repeat("(t ?? s).GetHashCode()", terms));
        var tree = CSharpSyntaxTree.ParseText(TestReferences.InMethod($$"""
            var s = Sockets.Connect(host, 5432);
            WorkerSocket? t = null;
            var total = {{sum}};
            Func<int> later = () => s.GetHashCode();
            if (total > 0) { t = s; }
            await s.CloseAsync();
            """));
        var compilation = CSharpCompilation.Create("Walk", [tree], TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var model = compilation.GetSemanticModel(tree);
        var declarator = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().First();
        var local = (ILocalSymbol)model.GetDeclaredSymbol(declarator)!;
        var root = model.GetOperation(tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single())!;

        var expected = root.Descendants()
            .OfType<ILocalReferenceOperation>()
            .Where(reference => SymbolEqualityComparer.Default.Equals(reference.Local, local) && !reference.IsWrite())
            .ToList();

        Assert.Equal(terms + 3, expected.Count);
        Assert.Equal(expected, SocketOwnership.ReadsOf(local, root));
    }
}
