using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Customers.Postgres;

namespace Customers;

/// <summary>The worker's JSON answers: query rows as an array of objects, and <c>{"error": ...}</c>.</summary>
internal static class JsonResponses
{
    private static readonly MediaTypeHeaderValue JsonType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

    // Names like "Zoë" stay readable; the body is served as JSON, never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The rows as a JSON array of objects, column names as keys, in the order the server sent them.</summary>
    public static HttpResponseMessage Rows(PgQueryResult result)
    {
        // One buffer and writer per thread, reset for each response, as System.Text.Json's own serializer caches its
        // writers: growing a fresh buffer from 256 bytes cost more allocation than the rest of the request (P7).
        // Nothing here awaits, so no other response can use them before this one has copied its bytes out.
        var body = t_body ??= new ArrayBufferWriter<byte>(4096);
        body.ResetWrittenCount();
        var json = t_writer ??= new Utf8JsonWriter(body, WriterOptions);
        json.Reset(body);
        try
        {
            json.WriteStartArray();
            foreach (string?[] row in result.Rows)
            {
                json.WriteStartObject();
                for (int i = 0; i < result.Fields.Count; i++)
                {
                    json.WritePropertyName(result.Fields[i].Name);
                    WriteValue(json, result.Fields[i].TypeOid, row[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.Flush();
            return Json(HttpStatusCode.OK, body.WrittenMemory.ToArray());
        }
        finally
        {
            if (body.Capacity > 1024 * 1024)
            {
                // One huge response does not pin its buffer to the thread.
                t_body = null;
                t_writer = null;
            }
        }
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_body;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary><c>{"error": message}</c> with <paramref name="status"/>.</summary>
    public static HttpResponseMessage Error(HttpStatusCode status, string message)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        }

        return Json(status, body.WrittenMemory.ToArray());
    }

    // Text-format values keep their PostgreSQL spelling; numbers, booleans and JSON become JSON's own kinds.
    private static void WriteValue(Utf8JsonWriter json, uint typeOid, string? text)
    {
        switch (typeOid)
        {
            case var _ when text is null:
                json.WriteNullValue();
                break;
            case PgTypes.Int2 or PgTypes.Int4 or PgTypes.Int8 or PgTypes.Oid or PgTypes.Float4 or PgTypes.Float8 or PgTypes.Numeric
                when double.IsFinite(double.Parse(text, CultureInfo.InvariantCulture)):
                json.WriteRawValue(text);
                break;
            case PgTypes.Bool:
                json.WriteBooleanValue(text == "t");
                break;
            case PgTypes.Json or PgTypes.Jsonb:
                json.WriteRawValue(text);
                break;
            default:
                json.WriteStringValue(text);
                break;
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonType;
        return new HttpResponseMessage(status) { Content = content };
    }
}
