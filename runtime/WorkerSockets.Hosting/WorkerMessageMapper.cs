using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace WorkerSockets.Hosting;

/// <summary>Maps ASP.NET Core requests to <see cref="HttpRequestMessage"/> and <see cref="HttpResponseMessage"/> back, streaming both bodies.</summary>
internal static class WorkerMessageMapper
{
    // Connection-level headers describe this hop, not the message the worker sees or sends.
    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Connection, HeaderNames.KeepAlive, HeaderNames.TransferEncoding, HeaderNames.Upgrade,
        HeaderNames.ProxyConnection, HeaderNames.TE, HeaderNames.Trailer,
    };

    public static HttpRequestMessage ToRequestMessage(HttpRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Parse(request.Method), new Uri(request.GetEncodedUrl()))
        {
            Version = ToVersion(request.Protocol),
        };

        if (HasBody(request))
            message.Content = new StreamContent(request.Body);

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHopHeaders.Contains(name) || name.StartsWith(':'))
                continue;
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }

        return message;
    }

    public static async Task WriteResponseAsync(HttpResponseMessage message, HttpContext httpContext)
    {
        var response = httpContext.Response;
        var status = (int)message.StatusCode;
        response.StatusCode = status;
        if (message.ReasonPhrase is { } reason && httpContext.Features.Get<IHttpResponseFeature>() is { } responseFeature)
            responseFeature.ReasonPhrase = reason;

        CopyHeaders(message.Headers, response.Headers);
        var content = message.Content;
        var mayHaveBody = status is >= 200 and not 204 and not 205 and not 304;
        if (content is null || !mayHaveBody)
            return;

        CopyHeaders(content.Headers, response.Headers);
        if (content.Headers.ContentLength is { } length)
            response.ContentLength = length;

        if (HttpMethods.IsHead(httpContext.Request.Method))
            return;

        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await content.CopyToAsync(response.Body, httpContext.RequestAborted).ConfigureAwait(false);
    }

    private static void CopyHeaders(HttpHeaders source, IHeaderDictionary target)
    {
        foreach (var (name, values) in source.NonValidated)
        {
            if (HopByHopHeaders.Contains(name) || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
                continue;
            target[name] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
        }
    }

    private static bool HasBody(HttpRequest request)
        => request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0);

    private static Version ToVersion(string protocol)
        => HttpProtocol.IsHttp2(protocol) ? HttpVersion.Version20
            : HttpProtocol.IsHttp3(protocol) ? HttpVersion.Version30
            : HttpProtocol.IsHttp10(protocol) ? HttpVersion.Version10
            : HttpVersion.Version11;
}
