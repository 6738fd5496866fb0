using System.Collections.Generic;
using System.Linq;

namespace WorkerSockets.Generators.Model;

/// <summary>
/// The environment class a worker names but nobody declared: <c>Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)</c>
/// with no <c>Env</c> anywhere. Like <c>wrangler types</c>, which writes an <c>Env</c> from the config file without being
/// asked, the generator then declares <c>[WorkerEnv] public partial class Env</c> in the worker's namespace, with a
/// property for every binding of the config file (none without one).
/// </summary>
internal static class ImplicitEnv
{
    public static string FullyQualifiedName(string? @namespace, string name) => @namespace is null ? $"global::{name}" : $"global::{@namespace}.{name}";

    /// <summary>The model of an undeclared environment class: public, no attribute bindings, nothing declared in it.</summary>
    public static EnvModel Model(string? @namespace, string name) => new(
        @namespace,
        name,
        "class",
        FullyQualifiedName(@namespace, name),
        DeclaresToString: false,
        Bindings: EquatableArray<AttributeBinding>.Empty,
        MemberNames: EquatableArray<string>.Empty,
        CanBind: true,
        DeclarationName: name,
        ContainingTypes: EquatableArray<string>.Empty,
        Unbound: EquatableArray<UnboundProperty>.Empty);

    /// <summary>
    /// The environment classes to declare for these workers: each undeclared name once, unless a <c>[WorkerEnv]</c>
    /// class of that name exists in another namespace (then the handler lacks a <c>using</c>, and a second class would hide it).
    /// </summary>
    public static IEnumerable<EnvModel> ToDeclare(IEnumerable<WorkerModel> workers, IReadOnlyCollection<string> declaredEnvNames) =>
        workers
            .Where(w => w.ImplicitEnvName is not null && !declaredEnvNames.Contains(w.ImplicitEnvName))
            .Select(w => Model(w.Namespace, w.ImplicitEnvName!))
            .Distinct();

    /// <summary>
    /// The worker as the emitter should see it: unchanged, or, when its environment's name belongs to a <c>[WorkerEnv]</c>
    /// class in another namespace, a worker whose <c>CreateFetch</c> throws saying so (the compiler already reports the
    /// unresolved name in the handler; the generated code adds no error of its own).
    /// </summary>
    public static WorkerModel Resolve(WorkerModel worker, IReadOnlyCollection<string> declaredEnvNames)
    {
        if (worker.ImplicitEnvName is not { } name || !declaredEnvNames.Contains(name))
        {
            return worker;
        }

        return worker with
        {
            EnvFullyQualifiedName = null,
            FetchProblem = $"[Worker] class '{worker.Name}' names the environment type '{name}', which is not in scope: a [WorkerEnv] class '{name}' exists in another namespace; add its using directive (WSK101)",
            HasFetch = true,
            Connect = null,
        };
    }
}
