using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using WorkerSockets.Benchmarks;
using WorkerSockets.Benchmarks.Infrastructure;

// P1-P3. Examples (see docs/benchmarks.md for the commands behind every recorded number):
//   dotnet run -c Release --project bench/WorkerSockets.Benchmarks -- --filter '*RoundTrip*' --job short --inProcess
//   dotnet run -c Release --project bench/WorkerSockets.Benchmarks -- --filter '*' --job short
//   dotnet run -c Release --project bench/WorkerSockets.Benchmarks -- paired-roundtrip 5000   (P2, the three paths interleaved)
// Run from the repository root: out-of-process jobs look for the project below the current directory.
if (args is [ServerProcess.Command, ..])
{
    return await ServerProcess.ServeAsync(args);
}

if (args is [PairedRoundTrip.Command, ..])
{
    var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000;
    PairedRoundTrip.Print(await PairedRoundTrip.RunAsync(rounds), rounds, Console.Out);
    return 0;
}

var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15)); // a busy 2-core machine needs minutes
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
