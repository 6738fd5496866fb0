using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>
/// One distinct statement (query text and parameter types) a client prepared; on the origin it lives under a pool-wide
/// name derived from <see cref="Id"/>, so clients that prepare the same text share it and different texts never collide.
/// </summary>
internal sealed class PreparedStatement
{
    public PreparedStatement(int id, byte[] definition)
    {
        Id = id;
        Definition = definition;
        OriginName = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"__hyperdrive_{id}"));
    }

    /// <summary>The pool-wide id; origin connections record which ids they hold.</summary>
    public int Id { get; }

    /// <summary>The body of the Parse message after its name: query text, NUL, parameter count and types.</summary>
    public byte[] Definition { get; }

    /// <summary>The statement's name on origin connections.</summary>
    public byte[] OriginName { get; }
}

/// <summary>The pool-wide table of distinct prepared statements, keyed by their definition.</summary>
internal sealed class PreparedStatementRegistry
{
    private readonly ConcurrentDictionary<string, PreparedStatement> _byDefinition = new(StringComparer.Ordinal);
    private int _nextId;

    public PreparedStatement GetOrAdd(ReadOnlySpan<byte> definition)
    {
        // Latin-1 maps every byte to one char, so the key is exact for any bytes.
        var key = Encoding.Latin1.GetString(definition);
        if (_byDefinition.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var created = new PreparedStatement(Interlocked.Increment(ref _nextId), definition.ToArray());
        return _byDefinition.GetOrAdd(key, created);
    }
}
