using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace WorkerSockets.Hosting;

/// <summary>Runs one ASP.NET Core request through a worker's dispatch inside its own <see cref="WorkerContext"/>.</summary>
internal sealed class WorkerRequestHandler(WorkerFetch fetch, WorkerContextOptions scopeOptions, long? maxRequestBodySize, WorkerScopeTracker scopes, ILogger logger)
{
    private static readonly byte[] InternalServerErrorBody = "Internal Server Error"u8.ToArray();

    /// <summary>
    /// Completes when the response is complete. The scope lives on until its <c>WaitUntil</c> work is done, off the
    /// request pipeline: holding the pipeline would hold the keep-alive connection and delay the client's next request.
    /// The response runs in this method's own flow and only the scope's tail is handed to the tracker, so the server's
    /// continuation follows the response directly (no thread-pool hop per request, as in any async request delegate).
    /// </summary>
    public async Task HandleAsync(HttpContext httpContext)
    {
        var bodySize = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodySize is { IsReadOnly: false })
            bodySize.MaxRequestBodySize = maxRequestBodySize;

        var scope = WorkerContext.Begin(scopeOptions);
        // Set inside this async method, the scope flows into the handler and into its tail below, and is restored for
        // the server when this method returns.
        scope.MakeCurrent();
        var clientGone = scope.EndWhenClientGone(httpContext.RequestAborted);
        try
        {
            await RespondAsync(httpContext, scope).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // RespondAsync answers every handler failure itself; what reaches here failed while answering.
            HostingLog.ScopeFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path.ToString());
        }
        finally
        {
            // Once the response is out, the client leaving no longer ends the request (WaitUntil work runs on), and the
            // HttpContext goes back to the server: the scope's tail below never touches it.
            await clientGone.DisposeAsync().ConfigureAwait(false);
            scopes.Track(scope.FinishAsync());
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
            else if (RefusedByServer(exception) is { } refused)
            {
                // The server refused the request (a body over the limit): the client gets the server's status, not a 500.
                HostingLog.RequestRefused(logger, refused, request.Method, request.Path, refused.StatusCode);
                await AnswerAsync(httpContext, refused.StatusCode).ConfigureAwait(false);
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

    /// <summary>The server's own refusal of the request (Kestrel's <see cref="BadHttpRequestException"/>), wherever the handler wrapped it.</summary>
    private static BadHttpRequestException? RefusedByServer(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException refused)
                return refused;
        }

        return null;
    }

    /// <summary>Answers a bare 500: the exception text stays in the log, never in the response.</summary>
    private static Task AnswerInternalServerErrorAsync(HttpContext httpContext)
        => AnswerAsync(httpContext, StatusCodes.Status500InternalServerError);

    /// <summary>Answers <paramref name="statusCode"/> with its reason phrase as a plain-text body.</summary>
    private static async Task AnswerAsync(HttpContext httpContext, int statusCode)
    {
        var body = statusCode == StatusCodes.Status500InternalServerError
            ? InternalServerErrorBody
            : System.Text.Encoding.UTF8.GetBytes(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(statusCode));
        var response = httpContext.Response;
        response.Clear();
        response.StatusCode = statusCode;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = body.Length;
        try
        {
            await response.Body.WriteAsync(body, httpContext.RequestAborted).ConfigureAwait(false);
            await response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client is gone; nobody is left to answer.
        }
    }
}
