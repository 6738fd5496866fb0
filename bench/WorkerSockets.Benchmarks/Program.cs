using BenchmarkDotNet.Running;

// P1-P3. Examples (see docs/benchmarks.md for the commands behind every recorded number):
//   dotnet run -c Release --project bench/WorkerSockets.Benchmarks -- --filter '*RoundTrip*' --job short
//   dotnet run -c Release --project bench/WorkerSockets.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
