// Batch 4: the small slice of ASP.NET Core / Generic Host surface the handlers below are written against.
using System;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Batch4.Hosting;

public interface IResult
{
}

public static class Results
{
    public static IResult Ok(object? value = null) => new Outcome(200);

    public static IResult NotFound() => new Outcome(404);

    public static IResult Problem(string detail) => new Outcome(500);

    private sealed record Outcome(int Status) : IResult;
}

public sealed class WebApp
{
    public void MapGet(string pattern, Delegate handler)
    {
    }

    public void MapPost(string pattern, Delegate handler)
    {
    }
}

public interface IHostedService
{
    Task StartAsync(CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);
}

public abstract class BackgroundService : IHostedService, IDisposable
{
    protected abstract Task ExecuteAsync(CancellationToken stoppingToken);

    public virtual Task StartAsync(CancellationToken cancellationToken) => ExecuteAsync(cancellationToken);

    public virtual Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual void Dispose()
    {
    }
}

public interface IServiceCollection
{
    IServiceCollection AddSingleton<T>(T instance) where T : class;

    IServiceCollection AddScoped<T>(Func<IServiceProvider, T> factory) where T : class;
}

public interface IOptions<out T>
{
    T Value { get; }
}

public abstract class ControllerBase
{
    protected static IResult Ok(object? value = null) => Results.Ok(value);
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class HttpGetAttribute(string template) : Attribute
{
    public string Template { get; } = template;
}
