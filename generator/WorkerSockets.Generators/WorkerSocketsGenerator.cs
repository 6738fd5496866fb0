using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using WorkerSockets.Generators.Config;
using WorkerSockets.Generators.Emit;
using WorkerSockets.Generators.Model;
using WorkerSockets.Generators.Parsing;

namespace WorkerSockets.Generators;

/// <summary>
/// Implements <c>[WorkerEnv]</c> bindings (from attributes and wrangler.toml / wrangler.json(c)) and <c>[Worker]</c> dispatch.
/// Reports nothing itself: <see cref="Diagnostics.WorkerBindingsAnalyzer"/> reports WSK1xx on source locations, so they can be suppressed.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class WorkerSocketsGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    public static class Steps
    {
        /// <summary>[WorkerEnv] classes parsed into models.</summary>
        public const string EnvModels = nameof(EnvModels);

        /// <summary>[Worker] classes parsed into models.</summary>
        public const string WorkerModels = nameof(WorkerModels);

        /// <summary>Each wrangler config file parsed.</summary>
        public const string ConfigFiles = nameof(ConfigFiles);

        /// <summary>The one config file in effect.</summary>
        public const string Config = nameof(Config);

        /// <summary>Each [WorkerEnv] model paired with the config.</summary>
        public const string EnvWithConfig = nameof(EnvWithConfig);

        /// <summary>The names of the declared [WorkerEnv] classes.</summary>
        public const string EnvNames = nameof(EnvNames);

        /// <summary>The environment classes that workers name but nobody declared, with the config.</summary>
        public const string ImplicitEnvs = nameof(ImplicitEnvs);

        /// <summary>The environment classes that handlers of classes missing [Worker] name but nobody declared.</summary>
        public const string UnmarkedWorkerEnvs = nameof(UnmarkedWorkerEnvs);
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var envs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.WorkerEnvAttribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax,
                static (ctx, ct) => ctx.TargetSymbol is INamedTypeSymbol type ? EnvParser.Parse(type, null, ct) : null)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(Steps.EnvModels);

        var workers = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.WorkerAttribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax,
                static (ctx, _) => ctx.TargetSymbol is INamedTypeSymbol type ? WorkerParser.Parse(type, null) : null)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(Steps.WorkerModels);

        var config = context.AdditionalTextsProvider
            .Where(static file => WranglerConfig.IsConfigFile(file.Path))
            .Select(static (file, ct) => WranglerConfig.Read(file.Path, file.GetText(ct)?.ToString()))
            .WithTrackingName(Steps.ConfigFiles)
            .Collect()
            .Select(static (files, _) => Choose(files))
            .WithTrackingName(Steps.Config);

        var envWithConfig = envs.Combine(config).WithTrackingName(Steps.EnvWithConfig);
        var envNames = envs
            .Select(static (env, _) => env.Name)
            .Collect()
            .Select(static (names, _) => names.Distinct().OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(Steps.EnvNames);
        var implicitEnvs = workers
            .Where(static worker => worker.ImplicitEnvName is not null)
            .Collect()
            .Combine(envNames)
            .Select(static (pair, _) => ImplicitEnv.ToDeclare(pair.Left, pair.Right.ToArray()).ToEquatableArray())
            .Combine(config)
            .WithTrackingName(Steps.ImplicitEnvs);

        // A class with a handler but no [Worker] in a project that has none: declare the Env it names (see UnmarkedWorker).
        var unmarkedEnvs = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax { ParameterList.Parameters.Count: >= 2 } method
                    && HandlerMistakes.IsNearMiss(method.Identifier.ValueText),
                static (ctx, ct) => ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) is IMethodSymbol method
                    && UnmarkedWorker.Handler(method.ContainingType) is { } handler
                    && SymbolEqualityComparer.Default.Equals(handler, method)
                    && method.ContainingType.ContainingType is null
                    && HandlerShape.UndeclaredEnvironment(method) is { } name
                        ? ImplicitEnv.Model(TypeShape.Namespace(method.ContainingType), name)
                        : null)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .Collect()
            .Combine(workers.Collect())
            .Combine(envNames)
            .Select(static (pair, _) => pair.Left.Right.IsEmpty
                ? pair.Left.Left.Where(env => !pair.Right.ToArray().Contains(env.Name)).Distinct().ToEquatableArray()
                : EquatableArray<EnvModel>.Empty)
            .Combine(config)
            .WithTrackingName(Steps.UnmarkedWorkerEnvs);

        context.RegisterSourceOutput(unmarkedEnvs, static (spc, pair) =>
        {
            foreach (var env in pair.Left)
            {
                spc.AddSource(ImplicitEnvEmitter.HintName(env), ImplicitEnvEmitter.Emit(env, pair.Right?.FileName));
                spc.AddSource(env.HintName, EnvEmitter.Emit(env, EnvMerge.Merge(env, pair.Right), pair.Right));
            }
        });
        context.RegisterSourceOutput(envWithConfig, static (spc, pair) =>
            spc.AddSource(pair.Left.HintName, EnvEmitter.Emit(pair.Left, EnvMerge.Merge(pair.Left, pair.Right), pair.Right)));
        context.RegisterSourceOutput(implicitEnvs, static (spc, pair) =>
        {
            foreach (var env in pair.Left)
            {
                spc.AddSource(ImplicitEnvEmitter.HintName(env), ImplicitEnvEmitter.Emit(env, pair.Right?.FileName));
                spc.AddSource(env.HintName, EnvEmitter.Emit(env, EnvMerge.Merge(env, pair.Right), pair.Right));
            }
        });
        context.RegisterSourceOutput(workers.Combine(envNames), static (spc, pair) =>
        {
            var worker = ImplicitEnv.Resolve(pair.Left, pair.Right.ToArray());
            if (!worker.CanEmit)
            {
                return;
            }

            if (worker.HasFetch)
            {
                spc.AddSource(worker.HintName, WorkerEmitter.Emit(worker));
            }

            if (worker.Connect is { } connect)
            {
                spc.AddSource(worker.ConnectHintName, ConnectEmitter.Emit(worker, connect));
            }
        });
    }

    /// <summary>The config file wrangler would use: wrangler.json, then wrangler.jsonc, then wrangler.toml; the shortest path breaks ties.</summary>
    internal static ConfigModel? Choose(ImmutableArray<ConfigModel> files) =>
        files
            .OrderBy(f => WranglerConfig.Precedence(f.Path))
            .ThenBy(f => f.Path.Length)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .FirstOrDefault();
}
