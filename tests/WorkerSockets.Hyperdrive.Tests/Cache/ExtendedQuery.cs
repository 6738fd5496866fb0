using System.Buffers.Binary;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

/// <summary>Extended-protocol exchanges over <see cref="PgTestClient"/>, with text parameters and a chosen result format.</summary>
public static class ExtendedQuery
{
    /// <summary>A Bind of <paramref name="statement"/> to the unnamed portal: text parameters (null for SQL NULL), one result format for all columns.</summary>
    /// <param name="statement">The statement's name ("" for the unnamed one).</param>
    /// <param name="parameters">The parameter values as text.</param>
    /// <param name="resultFormat">0 text, 1 binary.</param>
    /// <returns>The message.</returns>
    public static byte[] Bind(string statement, string?[] parameters, short resultFormat = 0)
    {
        var body = new List<byte>();
        body.AddRange(PgTestClient.CString(""));
        body.AddRange(PgTestClient.CString(statement));
        body.AddRange(Int16(0)); // every parameter in text
        body.AddRange(Int16((short)parameters.Length));
        foreach (var value in parameters)
        {
            if (value is null)
            {
                body.AddRange(PgTestClient.Int32(-1));
            }
            else
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                body.AddRange(PgTestClient.Int32(bytes.Length));
                body.AddRange(bytes);
            }
        }

        body.AddRange(Int16(1));
        body.AddRange(Int16(resultFormat));
        return PgTestClient.Message('B', [.. body]);
    }

    /// <summary>Parse (unnamed), Bind, Describe portal, Execute, Sync: what libpq's PQexecParams and Npgsql send.</summary>
    /// <param name="client">The client.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="parameters">Text parameter values.</param>
    /// <param name="resultFormat">0 text, 1 binary.</param>
    /// <returns>Every reply through ReadyForQuery.</returns>
    public static Task<List<PgMessage>> RunParamsAsync(this PgTestClient client, string sql, string?[] parameters, short resultFormat = 0)
        => client.ExchangeAsync(PgTestClient.Parse("", sql), Bind("", parameters, resultFormat), PgTestClient.Target('D', 'P', ""), PgTestClient.Execute(""), PgTestClient.Sync);

    /// <summary>Sends the messages at once and reads every reply through ReadyForQuery.</summary>
    /// <param name="client">The client.</param>
    /// <param name="messages">The messages.</param>
    /// <returns>The replies.</returns>
    public static async Task<List<PgMessage>> ExchangeAsync(this PgTestClient client, params byte[][] messages)
    {
        await client.SendAsync([.. messages.SelectMany(m => m)]);
        var replies = await client.ReadUntilReadyAsync().WaitAsync(TestTimeouts.Operation);
        Assert.Equal('Z', replies[^1].Type);
        return replies;
    }

    /// <summary>The first column of every row, as text (fails on an ErrorResponse).</summary>
    /// <param name="replies">The replies.</param>
    /// <returns>The values.</returns>
    public static string[] Column(this List<PgMessage> replies)
    {
        Assert.DoesNotContain(replies, reply => reply.Type == 'E');
        return replies.Where(r => r.Type == 'D').Select(r =>
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(r.Body.AsSpan(2));
            return length < 0 ? "NULL" : Encoding.UTF8.GetString(r.Body, 6, length);
        }).ToArray();
    }

    /// <summary>Types and bodies, hex: for byte-for-byte comparisons.</summary>
    /// <param name="replies">The replies.</param>
    /// <returns>One string per message.</returns>
    public static List<string> Flatten(this List<PgMessage> replies) => replies.Select(r => r.Type + Convert.ToHexString(r.Body)).ToList();

    private static byte[] Int16(short value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        return bytes;
    }
}
