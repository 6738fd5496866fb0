using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace WorkerSockets.Analyzers.Tests.Verifiers;

/// <summary>Metadata references for test compilations: the .NET 10 reference assemblies from Basic.Reference.Assemblies and the real WorkerSockets runtime — nothing is downloaded.</summary>
internal static class TestReferences
{
    public static ImmutableArray<MetadataReference> NetWithoutWorkerSockets { get; } = [.. Net100.References.All];

    public static ImmutableArray<MetadataReference> WorkerSockets { get; } =
    [
        MetadataReference.CreateFromFile(typeof(global::WorkerSockets.Sockets).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location),
    ];

    public static ImmutableArray<MetadataReference> All { get; } = NetWithoutWorkerSockets.AddRange(WorkerSockets);

    /// <summary>An empty set: the test framework must not resolve (download) any reference assemblies itself.</summary>
    public static ReferenceAssemblies None { get; } = new(string.Empty);

    /// <summary>The usual imports of the test sources.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Net;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using WorkerSockets;

        """;

    /// <summary>Wraps statements in an async handler-like method with a context, a host and a configured port in scope.</summary>
    public static string InMethod(string body) => Usings + $$"""
        class Handler
        {
            async Task Handle(WorkerContext ctx, string host, int configuredPort)
            {
                {{body}}
            }
        }
        """;
}
