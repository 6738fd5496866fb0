using System.Net;
using Customers.Postgres;
using WorkerSockets;

namespace Customers;

/// <summary>GET / answers every row of <c>customers</c> as JSON, read over a PostgreSQL connection on a <see cref="WorkerSocket"/>.</summary>
[Worker]
public partial class CustomersWorker
{
    /// <summary>
    /// Whether the error is the database's (or its pooler's) failure rather than the query's: the connection broke, or
    /// the server reports a connection exception (SQLSTATE class 08: Hyperdrive's origin is down), too little of a
    /// resource (53: its pool is exhausted), an operator intervention (57: shut down) or a system error (58).
    /// </summary>
    internal static bool UpstreamFailed(Exception error) => error is PgConnectionException
        || (error is PgException { SqlState: var state } && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
            || state.StartsWith("57", StringComparison.Ordinal) || state.StartsWith("58", StringComparison.Ordinal)));

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
            return JsonResponses.Error(UpstreamFailed(error) ? HttpStatusCode.BadGateway : HttpStatusCode.InternalServerError, error.Message);
        }
    }
}
