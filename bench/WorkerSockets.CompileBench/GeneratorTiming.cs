using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace WorkerSockets.CompileBench;

/// <summary>
/// P6: drives the WorkerSockets generator with <see cref="CSharpGeneratorDriver"/> over the generated project — a cold run,
/// a warm full run, then <c>edits</c> unrelated edits — and reports per-run milliseconds and which tracked steps re-ran.
/// </summary>
public static class GeneratorTiming
{
    public sealed record Report(
        int Files,
        IReadOnlyList<string> Generators,
        double ColdRunMs,
        double WarmFullRunMs,
        IReadOnlyList<double> EditRunMs,
        IReadOnlyList<double> EditGeneratorMs,
        IReadOnlyList<double> FloorEditRunMs,
        IReadOnlyList<double> PairedEditGeneratorMs,
        IReadOnlyList<double> PairedFloorMs,
        IReadOnlyDictionary<string, string> StepReasonsAfterEdit,
        int GeneratedFiles,
        IReadOnlyList<string> GeneratorDiagnostics)
    {
        public double MedianEditMs => Median(EditRunMs);

        /// <summary>The driver's own timing of the WorkerSockets generator (what <c>-p:ReportAnalyzer=true</c> reports), median over the edits.</summary>
        public double MedianEditGeneratorMs => Median(EditGeneratorMs);

        /// <summary>The same edits through <see cref="FloorGenerator"/>: Roslyn's cost for any attribute-driven generator.</summary>
        public double MedianFloorEditMs => Median(FloorEditRunMs);

        /// <summary>
        /// The generator's own cost after an edit: the floor generator runs first in the same driver and pays for the new
        /// compilation's lazily built declarations and symbols, which every consumer of that compilation shares.
        /// </summary>
        public double MedianPairedEditGeneratorMs => Median(PairedEditGeneratorMs);

        /// <summary>What the floor generator took in the paired runs (it goes first, so it carries the shared cost).</summary>
        public double MedianPairedFloorMs => Median(PairedFloorMs);

        /// <summary>Tracked steps whose outputs were anything but <c>Cached</c>/<c>Unchanged</c> after an unrelated edit.</summary>
        public IEnumerable<string> StepsThatReran =>
            StepReasonsAfterEdit.Where(s => s.Value.Split(',').Any(r => r is not ("Cached" or "Unchanged"))).Select(s => s.Key);
    }

    public static Report Run(int files, int edits, bool withBindings = true)
    {
        var generators = LoadGenerators();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = ConsumerProject.Sources(files, withBindings)
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: s.Path))
            .Append(CSharpSyntaxTree.ParseText(ConsumerProject.ImplicitUsings, parseOptions, path: ConsumerProject.ImplicitUsingsFile))
            .ToList();
        var compilation = CSharpCompilation.Create(
            "Bench.App",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        ImmutableArray<AdditionalText> additional = [new InMemoryAdditionalText("wrangler.toml", SourceTemplates.WranglerToml)];
        var driverOptions = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);

        GeneratorDriver NewDriver(IEnumerable<IIncrementalGenerator> run) => CSharpGeneratorDriver.Create(
            run.Select(g => g.AsSourceGenerator()), additional, parseOptions, optionsProvider: null, driverOptions);

        var cold = Time(() => NewDriver(generators).RunGenerators(compilation), out _);
        var warmFull = Time(() => NewDriver(generators).RunGenerators(compilation), out var driver);
        Time(() => NewDriver([new FloorGenerator()]).RunGenerators(compilation), out var floorDriver);
        Time(() => NewDriver([new FloorGenerator(), .. generators]).RunGenerators(compilation), out var pairedDriver);
        var result = driver.GetRunResult();

        var editTimes = new List<double>(edits);
        var generatorTimes = new List<double>(edits);
        var floorTimes = new List<double>(edits);
        var pairedTimes = new List<double>(edits);
        var pairedFloorTimes = new List<double>(edits);
        var reasons = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var edited = compilation;
        // A separate compilation chain for the floor generator, so neither run inherits symbols the other computed.
        var floorEdited = compilation.Clone();
        var pairedEdited = compilation.Clone();
        var original = trees.Single(t => t.FilePath == ConsumerProject.UnrelatedFile);
        var current = original;
        for (var revision = 1; revision <= edits; revision++)
        {
            var text = ConsumerProject.EditUnrelated(original.GetText().ToString(), revision);
            var replacement = original.WithChangedText(SourceText.From(text));
            edited = edited.ReplaceSyntaxTree(current, replacement);
            floorEdited = floorEdited.ReplaceSyntaxTree(current, replacement);
            pairedEdited = pairedEdited.ReplaceSyntaxTree(current, replacement);
            current = replacement;
            var previous = driver;
            var previousFloor = floorDriver;
            var compilationForRun = edited;
            var floorCompilationForRun = floorEdited;
            editTimes.Add(Time(() => previous.RunGenerators(compilationForRun), out driver));
            generatorTimes.Add(driver.GetTimingInfo().GeneratorTimes.Sum(t => t.ElapsedTime.TotalMilliseconds));
            floorTimes.Add(Time(() => previousFloor.RunGenerators(floorCompilationForRun), out floorDriver));
            var previousPaired = pairedDriver;
            var pairedCompilationForRun = pairedEdited;
            Time(() => previousPaired.RunGenerators(pairedCompilationForRun), out pairedDriver);
            var pairedTiming = pairedDriver.GetTimingInfo().GeneratorTimes;
            pairedFloorTimes.Add(pairedTiming.Where(t => t.Generator.GetGeneratorType() == typeof(FloorGenerator)).Sum(t => t.ElapsedTime.TotalMilliseconds));
            pairedTimes.Add(pairedTiming.Where(t => t.Generator.GetGeneratorType() != typeof(FloorGenerator)).Sum(t => t.ElapsedTime.TotalMilliseconds));
            foreach (var generatorResult in driver.GetRunResult().Results)
            {
                foreach (var (step, runs) in generatorResult.TrackedSteps)
                {
                    var set = reasons.TryGetValue(step, out var existing) ? existing : reasons[step] = new SortedSet<string>(StringComparer.Ordinal);
                    foreach (var run in runs)
                    {
                        foreach (var output in run.Outputs)
                        {
                            set.Add(output.Reason.ToString());
                        }
                    }
                }
            }
        }

        return new Report(
            files,
            generators.Select(g => g.GetType().FullName!).ToList(),
            cold,
            warmFull,
            editTimes,
            generatorTimes,
            floorTimes,
            pairedTimes,
            pairedFloorTimes,
            reasons.ToDictionary(r => r.Key, r => string.Join(",", r.Value)),
            result.GeneratedTrees.Length,
            result.Diagnostics.Select(d => d.ToString()).ToList());
    }

    public static void Print(Report report, TextWriter output)
    {
        output.WriteLine($"P6 generator timing on {report.Files} files");
        output.WriteLine($"generators: {(report.Generators.Count == 0 ? "(none found in WorkerSockets.Generators)" : string.Join(", ", report.Generators))}");
        output.WriteLine($"generated files: {report.GeneratedFiles}; generator diagnostics: {report.GeneratorDiagnostics.Count}");
        foreach (var diagnostic in report.GeneratorDiagnostics.Take(10))
        {
            output.WriteLine($"  {diagnostic}");
        }

        output.WriteLine($"cold run (first, includes JIT):     {report.ColdRunMs,8:F2} ms");
        output.WriteLine($"warm full run (new driver):         {report.WarmFullRunMs,8:F2} ms");
        output.WriteLine($"after an unrelated edit, median:    {report.MedianEditMs,8:F2} ms  (min {report.EditRunMs.Min():F2}, max {report.EditRunMs.Max():F2}, {report.EditRunMs.Count} edits)");
        output.WriteLine($"  of which the driver times the generator: {report.MedianEditGeneratorMs,8:F2} ms (median)");
        output.WriteLine($"floor generator (one FAWMN, no output), same edits: {report.MedianFloorEditMs,8:F2} ms (median)");
        output.WriteLine($"paired (floor first, then the generator, one driver), same edits: floor {report.MedianPairedFloorMs,8:F2} ms, generator {report.MedianPairedEditGeneratorMs,8:F2} ms (medians)");
        output.WriteLine("tracked steps after the edits (output reasons seen):");
        foreach (var (step, reasons) in report.StepReasonsAfterEdit)
        {
            output.WriteLine($"  {step,-40} {reasons}");
        }

        var reran = report.StepsThatReran.ToList();
        output.WriteLine(reran.Count == 0 ? "every tracked step Cached/Unchanged after the edit" : $"steps that re-ran: {string.Join(", ", reran)}");
    }

    private static double Time(Func<GeneratorDriver> run, out GeneratorDriver driver)
    {
        var stopwatch = Stopwatch.StartNew();
        driver = run();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    internal static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Every <see cref="IIncrementalGenerator"/> marked <c>[Generator]</c> in WorkerSockets.Generators.</summary>
    public static IReadOnlyList<IIncrementalGenerator> LoadGenerators() => LoadMarked<IIncrementalGenerator, GeneratorAttribute>("WorkerSockets.Generators");

    /// <summary>One instance of every non-abstract <typeparamref name="T"/> in <paramref name="assemblyName"/> that carries <typeparamref name="TMarker"/>, by full name.</summary>
    internal static List<T> LoadMarked<T, TMarker>(string assemblyName)
        where TMarker : Attribute
        => Assembly.Load(assemblyName).GetTypes()
            .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && t.GetCustomAttribute<TMarker>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToList();

    /// <summary>The framework this process runs on plus WorkerSockets: what a net10.0 consumer compiles against.</summary>
    public static IReadOnlyList<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll" or "Microsoft.Win32.Primitives.dll");
        return platform
            .Append(typeof(Sockets).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
