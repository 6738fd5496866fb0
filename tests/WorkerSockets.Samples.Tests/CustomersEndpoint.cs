using System.Net;
using Customers;

namespace WorkerSockets.Samples.Tests;

/// <summary>Sends requests to the Customers worker bound to a given DB connection string and returns status and body.</summary>
internal sealed class CustomersEndpoint(string connectionString, SocketPolicy policy)
{
    private readonly WorkerFetch _fetch = CustomersWorker.CreateFetch(name => name == "DB" ? connectionString : null);

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path = "/")
    {
        HttpResponseMessage? response = null;
        await WorkerContext.RunAsync(async ctx => response = await _fetch(new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:8787" + path), ctx), policy);
        return (response!.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
