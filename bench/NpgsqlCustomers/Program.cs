using System.Buffers;
using System.Text.Json;
using Npgsql;

// P4 reference: GET / returns every row of customers as a JSON array of objects, like samples/Customers.
// The connection string (Npgsql keywords; Pooling=false or true is the point of the comparison) comes from NPGSQL_DB.
var builder = WebApplication.CreateBuilder(args);
var port = builder.Configuration.GetValue("port", 8790);
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var connectionString = builder.Configuration["NPGSQL_DB"]
    ?? throw new InvalidOperationException("Set NPGSQL_DB to an Npgsql connection string.");

var app = builder.Build();
var dataSource = NpgsqlDataSource.Create(connectionString);

app.MapGet("/", async (CancellationToken cancellationToken) =>
{
    await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
    await using var command = new NpgsqlCommand("SELECT * FROM customers", connection);
    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
    var body = new ArrayBufferWriter<byte>(1024);
    await using (var json = new Utf8JsonWriter(body))
    {
        json.WriteStartArray();
        while (await reader.ReadAsync(cancellationToken))
        {
            json.WriteStartObject();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                json.WritePropertyName(reader.GetName(i));
                WriteValue(json, reader.GetValue(i));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    return Results.Bytes(body.WrittenMemory, "application/json");
});

await app.RunAsync();

static void WriteValue(Utf8JsonWriter json, object value)
{
    switch (value)
    {
        case DBNull:
            json.WriteNullValue();
            break;
        case int number:
            json.WriteNumberValue(number);
            break;
        case long number:
            json.WriteNumberValue(number);
            break;
        case bool flag:
            json.WriteBooleanValue(flag);
            break;
        default:
            json.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            break;
    }
}
