using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace WorkerSockets.Hosting;

/// <summary>Runs one ASP.NET Core request through a worker's dispatch inside its own <see cref="WorkerContext"/>.</summary>
internal sealed class WorkerRequestHandler(WorkerFetch fetch, SocketPolicy policy, long? maxRequestBodySize, ILogger logger)
{
    private static readonly byte[] InternalServerErrorBody = "Internal Server Error"u8.ToArray();

    public async Task HandleAsync(HttpContext httpContext)
    {
        var bodySize = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodySize is { IsReadOnly: false })
            bodySize.MaxRequestBodySize = maxRequestBodySize;

        try
        {
            // RunAsync drains WaitUntil work after RespondAsync returns, and RespondAsync completes the response first.
            await WorkerContext.RunAsync(scope => RespondAsync(httpContext, scope), policy, logger, httpContext.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // By now the response is normally complete; only a scope that failed before answering still owes the client one.
            HostingLog.ScopeFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            if (!httpContext.Response.HasStarted)
                await AnswerInternalServerErrorAsync(httpContext).ConfigureAwait(false);
        }
    }

    private async Task RespondAsync(HttpContext httpContext, WorkerContext scope)
    {
        var request = httpContext.Request;
        HttpResponseMessage? response = null;
        try
        {
            response = await fetch(WorkerMessageMapper.ToRequestMessage(request), scope).ConfigureAwait(false);
            await WorkerMessageMapper.WriteResponseAsync(response, httpContext).ConfigureAwait(false);
            await httpContext.Response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            HostingLog.RequestAborted(logger, request.Method, request.Path);
        }
        catch (Exception exception)
        {
            if (httpContext.Response.HasStarted)
            {
                // Half a response is already out; cutting the connection is the only honest way to say it failed.
                HostingLog.HandlerFailedAfterResponseStarted(logger, exception, request.Method, request.Path);
                httpContext.Abort();
            }
            else
            {
                HostingLog.HandlerFailed(logger, exception, request.Method, request.Path);
                await AnswerInternalServerErrorAsync(httpContext).ConfigureAwait(false);
            }
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>Answers a bare 500: the exception text stays in the log, never in the response.</summary>
    private static async Task AnswerInternalServerErrorAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status500InternalServerError;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = InternalServerErrorBody.Length;
        try
        {
            await response.Body.WriteAsync(InternalServerErrorBody, httpContext.RequestAborted).ConfigureAwait(false);
            await response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client is gone; nobody is left to answer.
        }
    }
}
