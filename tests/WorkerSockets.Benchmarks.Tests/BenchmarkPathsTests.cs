using System.Reflection;
using BenchmarkDotNet.Attributes;
using WorkerSockets.Benchmarks;

namespace WorkerSockets.Benchmarks.Tests;

/// <summary>Runs every [Benchmark] method once with small sizes, so a broken benchmark fails in CI instead of in a long run.</summary>
public sealed class BenchmarkPathsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string> BenchmarkClasses()
    {
        var data = new TheoryData<string>();
        foreach (var type in BenchmarkTypes())
        {
            data.Add(type.Name);
        }

        return data;
    }

    [Fact]
    public void Every_performance_goal_with_a_benchmark_class_is_found()
    {
        var names = BenchmarkTypes().Select(t => t.Name).ToList();
        Assert.Contains(nameof(ThroughputBenchmarks), names);
        Assert.Contains(nameof(TlsThroughputBenchmarks), names);
        Assert.Contains(nameof(RoundTripBenchmarks), names);
        Assert.Contains(nameof(ReadAllocationBenchmarks), names);
    }

    [Fact]
    public void Every_benchmark_class_has_exactly_one_raw_baseline()
    {
        foreach (var type in BenchmarkTypes())
        {
            var baselines = BenchmarkMethods(type).Where(m => m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline).ToList();
            Assert.True(baselines.Count == 1, $"{type.Name} has {baselines.Count} baselines");
            Assert.StartsWith("Raw", baselines[0].Name, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(BenchmarkClasses))]
    public async Task Every_benchmark_method_runs_once_with_small_sizes(string className)
    {
        var type = BenchmarkTypes().Single(t => t.Name == className);
        var instance = Activator.CreateInstance(type)!;
        SetIfPresent(instance, nameof(ThroughputBenchmarks.TotalBytes), 4L << 20);
        SetIfPresent(instance, nameof(ReadAllocationBenchmarks.ReadsPerConnection), 16);

        await InvokeAllAsync<GlobalSetupAttribute>(instance);
        try
        {
            foreach (var method in BenchmarkMethods(type))
            {
                var result = await InvokeAsync(instance, method).WaitAsync(Timeout);
                if (result is long count)
                {
                    Assert.True(count > 0, $"{type.Name}.{method.Name} returned {count}");
                }
            }
        }
        finally
        {
            await InvokeAllAsync<GlobalCleanupAttribute>(instance).WaitAsync(Timeout);
        }
    }

    private static IEnumerable<Type> BenchmarkTypes() =>
        typeof(ThroughputBenchmarks).Assembly.GetTypes().Where(t => BenchmarkMethods(t).Any()).OrderBy(t => t.Name, StringComparer.Ordinal);

    private static IEnumerable<MethodInfo> BenchmarkMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null);

    private static void SetIfPresent(object instance, string name, object value)
    {
        var property = instance.GetType().GetProperty(name);
        if (property is not null)
        {
            property.SetValue(instance, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static async Task InvokeAllAsync<TAttribute>(object instance)
        where TAttribute : Attribute
    {
        foreach (var method in instance.GetType().GetMethods().Where(m => m.GetCustomAttribute<TAttribute>() is not null))
        {
            await InvokeAsync(instance, method).WaitAsync(Timeout);
        }
    }

    private static async Task<object?> InvokeAsync(object instance, MethodInfo method)
    {
        var returned = method.Invoke(instance, null);
        switch (returned)
        {
            case Task task:
                await task;
                return task.GetType().GetProperty("Result")?.GetValue(task);
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                return returned;
        }
    }
}
