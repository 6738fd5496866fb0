using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WorkerSockets.Generators.Config;
using WorkerSockets.Generators.Model;
using WorkerSockets.Generators.Parsing;

namespace WorkerSockets.Generators.Diagnostics;

/// <summary>
/// Reports the WSK1xx diagnostics on source and config-file locations, so that <c>#pragma</c> and
/// <c>.editorconfig</c> suppress them; it reuses the generator's parsers, which never throw.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkerBindingsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InvalidTypeShape,
        DiagnosticDescriptors.InvalidFetchSignature,
        DiagnosticDescriptors.InvalidBindingName,
        DiagnosticDescriptors.DuplicateBindingName,
        DiagnosticDescriptors.BindingTypeMismatch,
        DiagnosticDescriptors.ConfigSyntaxError,
        DiagnosticDescriptors.MultipleWorkers,
        DiagnosticDescriptors.ConfigTypeConflict,
        DiagnosticDescriptors.MissingParameterlessConstructor,
        DiagnosticDescriptors.InvalidBindingProperty,
        DiagnosticDescriptors.ConfigWithoutEnv,
        DiagnosticDescriptors.UnsupportedBindingKind,
        DiagnosticDescriptors.MisspelledConfigKey,
        DiagnosticDescriptors.IgnoredConfigFile,
        DiagnosticDescriptors.UnmarkedWorker);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if (context.Compilation.GetTypeByMetadataName(KnownNames.WorkerEnvAttribute) is null)
        {
            return;
        }

        var configFiles = context.Options.AdditionalFiles.Where(f => WranglerConfig.IsConfigFile(f.Path)).ToArray();
        var config = new Lazy<ConfigModel?>(
            () => WorkerSocketsGenerator.Choose(configFiles.Select(f => WranglerConfig.Read(f.Path, f.GetText()?.ToString())).ToImmutableArray()),
            LazyThreadSafetyMode.ExecutionAndPublication);
        var workers = new ConcurrentBag<INamedTypeSymbol>();
        var unmarked = new ConcurrentBag<(INamedTypeSymbol Type, IMethodSymbol Handler)>();
        var envCount = 0;

        context.RegisterSymbolAction(
            symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                if (KnownNames.HasAttribute(type, KnownNames.WorkerAttribute))
                {
                    workers.Add(type);
                    // A worker whose handler takes a [WorkerEnv] class has one, even when the generator declared it
                    // (an Env nobody wrote, which symbol actions never see: it is generated code).
                    if (WorkerParser.Parse(type, symbolContext.ReportDiagnostic) is { EnvFullyQualifiedName: not null } or { Connect: not null } || HandlerShape.NamesAnEnvironment(type))
                    {
                        Interlocked.Increment(ref envCount);
                    }
                }

                else if (UnmarkedWorker.Handler(type) is { } handler)
                {
                    unmarked.Add((type, handler));
                    if (HandlerShape.NamesAnEnvironment(type))
                    {
                        Interlocked.Increment(ref envCount);
                    }
                }

                if (KnownNames.HasAttribute(type, KnownNames.WorkerEnvAttribute))
                {
                    Interlocked.Increment(ref envCount);
                    AnalyzeEnv(type, config.Value, symbolContext);
                }
            },
            SymbolKind.NamedType);

        context.RegisterSymbolAction(AnalyzeStrayBindingProperty, SymbolKind.Property);

        context.RegisterAdditionalFileAction(fileContext =>
        {
            // wrangler reads one config file (json, then jsonc, then toml) and ignores the others, and so does the generator.
            if (!WranglerConfig.IsConfigFile(fileContext.AdditionalFile.Path))
            {
                return;
            }

            if (config.Value is { } chosen && chosen.Path != fileContext.AdditionalFile.Path)
            {
                // A newcomer edits wrangler.toml while a wrangler.jsonc wins: say so at the file, not only CS1061 at the use.
                fileContext.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.IgnoredConfigFile,
                    FileLocation(fileContext.AdditionalFile.Path, fileContext.AdditionalFile.GetText(fileContext.CancellationToken), 0, 0),
                    Path.GetFileName(fileContext.AdditionalFile.Path),
                    string.Equals(chosen.FileName, Path.GetFileName(fileContext.AdditionalFile.Path), StringComparison.OrdinalIgnoreCase) ? chosen.Path : chosen.FileName));
                return;
            }

            var text = fileContext.AdditionalFile.GetText(fileContext.CancellationToken);
            var model = WranglerConfig.Read(fileContext.AdditionalFile.Path, text?.ToString());
            foreach (var problem in model.Problems)
            {
                var descriptor = problem.RuleId switch
                {
                    RuleIdentifiers.InvalidBindingName => DiagnosticDescriptors.InvalidBindingName,
                    RuleIdentifiers.DuplicateBindingName => DiagnosticDescriptors.DuplicateBindingName,
                    RuleIdentifiers.UnsupportedBindingKind => DiagnosticDescriptors.UnsupportedBindingKind,
                    RuleIdentifiers.MisspelledConfigKey => DiagnosticDescriptors.MisspelledConfigKey,
                    _ => DiagnosticDescriptors.ConfigSyntaxError,
                };
                var location = FileLocation(fileContext.AdditionalFile.Path, text, problem.Line, problem.Column);
                fileContext.ReportDiagnostic(descriptor == DiagnosticDescriptors.ConfigSyntaxError || descriptor == DiagnosticDescriptors.UnsupportedBindingKind || descriptor == DiagnosticDescriptors.MisspelledConfigKey
                    ? Diagnostic.Create(descriptor, location, model.FileName, problem.Message)
                    : Diagnostic.Create(descriptor, location, $"{model.FileName}: {problem.Message}"));
            }
        });

        context.RegisterCompilationEndAction(endContext =>
        {
            var ordered = workers
                .Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default)
                .OrderBy(w => w.Locations.FirstOrDefault()?.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(w => w.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
                .ToArray();
            foreach (var extra in ordered.Skip(1))
            {
                endContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MultipleWorkers, extra.Locations.FirstOrDefault(), extra.Name, ordered[0].Name));
            }

            if (ordered.Length == 0)
            {
                foreach (var (type, handler) in unmarked.OrderBy(u => u.Type.Locations.FirstOrDefault()?.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(u => u.Type.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0))
                {
                    endContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UnmarkedWorker,
                        type.Locations.FirstOrDefault(),
                        type.Name,
                        $"{handler.Name}({string.Join(", ", handler.Parameters.Select(p => $"{p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)} {p.Name}"))})"));
                }
            }

            var chosen = config.Value;
            if (Volatile.Read(ref envCount) == 0 && chosen is { Bindings.Count: > 0 })
            {
                var file = configFiles.First(f => f.Path == chosen.Path);
                endContext.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ConfigWithoutEnv,
                    FileLocation(file.Path, file.GetText(endContext.CancellationToken), 0, 0),
                    chosen.FileName,
                    chosen.Bindings.Count));
            }
        });
    }

    private static void AnalyzeEnv(INamedTypeSymbol type, ConfigModel? config, SymbolAnalysisContext context)
    {
        var model = EnvParser.Parse(type, context.ReportDiagnostic, context.CancellationToken);
        // A class that cannot be bound gets no config properties, so nothing of the file can clash with it.
        if (model is null || !model.CanBind || config is null)
        {
            return;
        }

        var byName = config.Bindings.ToDictionary(b => b.BindingName, StringComparer.Ordinal);
        foreach (var binding in model.Bindings)
        {
            if (byName.TryGetValue(binding.BindingName, out var file) && EnvMerge.Conflict(binding, file) is { } fileDeclares)
            {
                var property = type.GetMembers(binding.PropertyName).FirstOrDefault();
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ConfigTypeConflict,
                    property?.Locations.FirstOrDefault(),
                    binding.PropertyName,
                    binding.BindingName,
                    Describe(binding),
                    config.FileName,
                    fileDeclares,
                    EnvMerge.ConflictFix(binding, file, config.FileName)));
            }
        }

        var bound = new HashSet<string>(model.Bindings.Select(b => b.BindingName), StringComparer.Ordinal);
        ReportMisspeltAttributeNames(type, model, config, bound, context);
        var taken = EnvMerge.TakenNames(EnvParser.DeclaredMemberNames(type), type.Name);
        foreach (var declared in config.Bindings)
        {
            var file = EnvMerge.AvoidGeneratedNames(declared, type.Name);
            if (bound.Contains(file.BindingName))
            {
                continue;
            }

            if (EnvMerge.IsFree(file, taken))
            {
                taken.Add(file.PropertyName);
                if (file.Shape is not null)
                {
                    taken.Add(EnvMerge.RecordName(file.PropertyName));
                }

                continue;
            }

            var clash = type.GetMembers(file.PropertyName).Concat(type.GetMembers(EnvMerge.RecordName(file.PropertyName))).FirstOrDefault(m => !m.IsImplicitlyDeclared && !KnownNames.IsGeneratedByThisGenerator(m));
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.DuplicateBindingName,
                clash?.Locations.FirstOrDefault() ?? type.Locations.FirstOrDefault(),
                $"Binding '{file.BindingName}' from {config.FileName} maps to property '{file.PropertyName}', but '{type.Name}' already has a member of that name (declared, generated, or from another binding); bind it with an attribute on that property or rename one of them"));
        }
    }

    /// <summary>
    /// WSK112 at a binding attribute whose name the file does not declare while it declares one a slip away that no
    /// attribute binds (<c>[Var("GREETNG")]</c> beside <c>GREETING = "hi"</c>): the file's value would never be read.
    /// </summary>
    private static void ReportMisspeltAttributeNames(INamedTypeSymbol type, EnvModel model, ConfigModel config, HashSet<string> bound, SymbolAnalysisContext context)
    {
        foreach (var binding in model.Bindings)
        {
            var unbound = config.Bindings.Where(b => b.Kind == binding.Kind && !bound.Contains(b.BindingName)).Select(b => b.BindingName).ToArray();
            if (config.Bindings.Any(b => b.BindingName == binding.BindingName) || MisspelledKeys.NearMiss(binding.BindingName, unbound) is not { } meant)
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MisspelledConfigKey,
                type.GetMembers(binding.PropertyName).FirstOrDefault()?.Locations.FirstOrDefault() ?? type.Locations.FirstOrDefault(),
                config.FileName,
                $"property '{binding.PropertyName}' binds '{binding.BindingName}', which the file does not declare, so its value there is never read; did you mean '{meant}'?"));
        }
    }

    private static void AnalyzeStrayBindingProperty(SymbolAnalysisContext context)
    {
        var property = (IPropertySymbol)context.Symbol;
        if (property.ContainingType is null || KnownNames.HasAttribute(property.ContainingType, KnownNames.WorkerEnvAttribute))
        {
            return;
        }

        if (property.GetAttributes().Any(a =>
            KnownNames.Is(a, KnownNames.VarAttribute) || KnownNames.Is(a, KnownNames.SecretAttribute) || KnownNames.Is(a, KnownNames.HyperdriveAttribute)))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InvalidBindingProperty,
                property.Locations.FirstOrDefault(),
                property.Name,
                $"'{property.ContainingType.Name}' is not marked [WorkerEnv]"));
        }
    }

    private static string Describe(AttributeBinding binding) => binding.Kind switch
    {
        BindingKind.Secret => "a secret",
        BindingKind.Hyperdrive => "a hyperdrive binding",
        _ => binding.TypeName.Replace("global::", "") is var type && "aeiouAEIOU".IndexOf(type[0]) >= 0 ? $"an {type} var" : $"a {type} var",
    };

    /// <summary>A location in a config file; line and column are clamped, since the text may have changed or be truncated.</summary>
    internal static Location FileLocation(string path, SourceText? text, int line, int column)
    {
        if (text is null || text.Lines.Count == 0)
        {
            return Location.Create(path, default, new LinePositionSpan(new LinePosition(line, column), new LinePosition(line, column)));
        }

        line = Math.Min(Math.Max(line, 0), text.Lines.Count - 1);
        var textLine = text.Lines[line];
        column = Math.Min(Math.Max(column, 0), textLine.End - textLine.Start);
        var start = textLine.Start + column;
        var length = start < textLine.End ? 1 : 0;
        var span = new TextSpan(start, length);
        return Location.Create(path, span, text.Lines.GetLinePositionSpan(span));
    }
}
