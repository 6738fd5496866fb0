using System.Net;
using Customers.Postgres;
using WorkerSockets;

namespace Customers;

/// <summary>GET / answers every row of <c>customers</c> as JSON, read over a PostgreSQL connection on a <see cref="WorkerSocket"/>.</summary>
[Worker]
public partial class CustomersWorker
{
    /// <summary>Handles one request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="env">The bindings.</param>
    /// <param name="ctx">The request scope.</param>
    /// <returns>The customers as a JSON array, or <c>{"error": ...}</c>.</returns>
    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        if (request.Method != HttpMethod.Get || request.RequestUri?.AbsolutePath is not "/")
        {
            return JsonResponses.Error(HttpStatusCode.NotFound, "Only GET / is served: it lists the customers.");
        }

        if (env.DatabaseConnectionString is not string connectionString)
        {
            return JsonResponses.Error(HttpStatusCode.InternalServerError, "No database configured: set the DB secret or the HYPERDRIVE binding.");
        }

        PgClient client;
        try
        {
            client = new PgClient(connectionString);
        }
        catch (FormatException error)
        {
            return JsonResponses.Error(HttpStatusCode.InternalServerError, error.Message); // never repeats the string
        }

        try
        {
            await client.ConnectAsync();
        }
        catch (Exception error) when (error is PgException or PgConnectionException)
        {
            // Unreachable, TLS refused, or the login refused: the database is the failing upstream.
            return JsonResponses.Error(HttpStatusCode.BadGateway, error.Message);
        }

        try
        {
            var rows = await client.QueryAsync("SELECT * FROM customers");
            var response = JsonResponses.Rows(rows);
            ctx.WaitUntil(client.EndAsync()); // close, but don't block returning
            return response;
        }
        catch (Exception error) when (error is PgException or PgConnectionException)
        {
            ctx.WaitUntil(client.EndAsync());
            return JsonResponses.Error(error is PgException ? HttpStatusCode.InternalServerError : HttpStatusCode.BadGateway, error.Message);
        }
    }
}
