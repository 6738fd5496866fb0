using WorkerSockets.CompileBench;

// P5 writes the consumer project; P6 times the generator on it. See docs/benchmarks.md.
//   generate --out DIR --repo REPO [--files 1000] [--no-bindings]
//   generator-timing [--files 1000] [--edits 20] [--no-bindings]
//   analyzer-timing [--files 1000] [--rounds 5] [--concurrent] [--per-rule]
//   analyzer-dispatch [--files 1000] [--rounds 3] [--timed]
//   rule-work [--files 1000] [--rounds 5] [--baseline DIR] [--per-rule [--rule NAME] | --ablate]   (DIR holds another build's WorkerSockets.Analyzers.dll)
var options = Options.Parse(args);
switch (options.Command)
{
    case "generate":
        ConsumerProject.Write(options.Require("out"), options.Require("repo"), options.Int("files", ConsumerProject.DefaultFileCount), !options.Flag("no-bindings"));
        Console.WriteLine($"wrote {options.Int("files", ConsumerProject.DefaultFileCount)} files to {options.Require("out")}");
        return 0;
    case "generator-timing":
        var report = GeneratorTiming.Run(options.Int("files", ConsumerProject.DefaultFileCount), options.Int("edits", 20), !options.Flag("no-bindings"));
        GeneratorTiming.Print(report, Console.Out);
        return 0;
    case "analyzer-timing":
        AnalyzerTiming.Print(AnalyzerTiming.Run(options.Int("files", ConsumerProject.DefaultFileCount), options.Int("rounds", 5), options.Flag("concurrent"), options.Flag("per-rule")), Console.Out);
        return 0;
    case "analyzer-dispatch":
        WorkerSockets.CompileBench.DispatchTiming.Run(options.Int("files", ConsumerProject.DefaultFileCount), options.Int("rounds", 3), Console.Out, options.Flag("timed"));
        return 0;
    case "rule-work":
        RuleWorkTiming.Run(options.Int("files", ConsumerProject.DefaultFileCount), options.Int("rounds", 5), options.Values.GetValueOrDefault("baseline"), options.Flag("per-rule"), Console.Out, options.Values.GetValueOrDefault("rule"), options.Flag("ablate"));
        return 0;
    default:
        Console.Error.WriteLine("usage: generate --out DIR --repo REPO [--files N] [--no-bindings] | generator-timing [--files N] [--edits N] [--no-bindings] | analyzer-timing [--files N] [--rounds N] [--concurrent] [--per-rule] | analyzer-dispatch [--files N] [--rounds N] [--timed] | rule-work [--files N] [--rounds N] [--baseline DIR] [--per-rule [--rule NAME] | --ablate]");
        return 2;
}

internal sealed record Options(string Command, Dictionary<string, string?> Values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i].TrimStart('-');
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            values[name] = hasValue ? args[++i] : null;
        }

        return new Options(args.Length > 0 ? args[0] : "", values);
    }

    public string Require(string name) =>
        Values.TryGetValue(name, out var value) && value is not null ? value : throw new ArgumentException($"--{name} is required.");

    public int Int(string name, int fallback) => Values.TryGetValue(name, out var value) && value is not null ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => Values.ContainsKey(name);
}
