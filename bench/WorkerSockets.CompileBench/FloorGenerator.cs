using Microsoft.CodeAnalysis;

namespace WorkerSockets.CompileBench;

/// <summary>
/// The least an attribute-driven incremental generator can do: one <c>ForAttributeWithMetadataName</c> on <c>[Worker]</c>
/// and an output that writes nothing. P6 runs it through the same edits to show the floor Roslyn itself costs.
/// </summary>
public sealed class FloorGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var names = context.SyntaxProvider
            .ForAttributeWithMetadataName("WorkerSockets.WorkerAttribute", static (_, _) => true, static (target, _) => target.TargetSymbol.Name)
            .WithTrackingName("FloorNames");
        context.RegisterSourceOutput(names, static (_, _) => { });
    }
}
