using System.Linq;
using Microsoft.CodeAnalysis;

namespace WorkerSockets.Generators.Parsing;

/// <summary>
/// A class with a handler-shaped method (<c>Fetch(HttpRequestMessage ..., WorkerContext ...)</c> or
/// <c>Connect(WorkerSocket ..., WorkerContext ...)</c>) but no <c>[Worker]</c>: a newcomer who copied the handler and
/// not the attribute. When the project has no <c>[Worker]</c> at all, WSK114 says so, and the generator still declares
/// the <c>Env</c> the handler names, so the compiler's CS0246 (a declaration error) does not stop the build before it.
/// A project that has a <c>[Worker]</c> may keep such classes (routers, sub-handlers) without a word.
/// </summary>
internal static class UnmarkedWorker
{
    /// <summary>The handler-shaped method of a class that is not a <c>[Worker]</c>, or null.</summary>
    public static IMethodSymbol? Handler(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || KnownNames.HasAttribute(type, KnownNames.WorkerAttribute))
        {
            return null;
        }

        return type.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(IsHandlerShaped);
    }

    /// <summary>
    /// Named like a handler (or a case or <c>Async</c> slip of it), taking the request or socket first and a
    /// <c>WorkerContext</c>: nothing but a worker's handler looks like that.
    /// </summary>
    public static bool IsHandlerShaped(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Ordinary
        && HandlerMistakes.IsNearMiss(method.Name)
        && method.Parameters.Length >= 2
        && HandlerShape.Plain(method.Parameters[0].Type) is KnownNames.HttpRequestMessage or KnownNames.WorkerSocket
        && method.Parameters.Any(p => HandlerShape.Plain(p.Type) == KnownNames.WorkerContext);
}
