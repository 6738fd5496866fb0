using System.Collections.Frozen;
using System.Text;

namespace RedisGateway.Resp;

/// <summary>
/// The commands the gateway forwards (docs/inbound-tcp.md lists them): data commands on strings, keys, hashes, lists, sets
/// and sorted sets, transactions, and PING/ECHO/SELECT/QUIT. Everything else is refused with a RESP error — notably
/// server administration (FLUSHALL, FLUSHDB, CONFIG, SHUTDOWN, DEBUG, CLIENT, INFO), whole-keyspace scans (KEYS, SCAN),
/// scripting (EVAL, SCRIPT, FUNCTION), blocking commands and pub/sub (one backend connection per client cannot share them).
/// </summary>
internal static class CommandAllowList
{
    /// <summary>The longest allowed command name; a longer name is refused without being read into memory.</summary>
    public const int MaxNameLength = 32;

    /// <summary>The error for a name too long to be on the list (not echoed back).</summary>
    public static readonly byte[] LongNameRefusal = "-ERR command is not allowed by this gateway; see docs/inbound-tcp.md for the allow-list\r\n"u8.ToArray();

    /// <summary>The allowed command names.</summary>
    public static readonly FrozenSet<string> Allowed = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        // connection and transactions
        "PING", "ECHO", "SELECT", "QUIT", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH",
        // strings
        "GET", "SET", "SETNX", "SETEX", "PSETEX", "GETSET", "GETDEL", "GETEX", "MGET", "MSET", "MSETNX", "INCR", "INCRBY",
        "INCRBYFLOAT", "DECR", "DECRBY", "APPEND", "STRLEN", "GETRANGE", "SETRANGE",
        // keys
        "DEL", "UNLINK", "EXISTS", "EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT", "TTL", "PTTL", "PERSIST", "TYPE", "RENAME", "RENAMENX",
        // hashes
        "HGET", "HSET", "HSETNX", "HMGET", "HMSET", "HDEL", "HEXISTS", "HGETALL", "HKEYS", "HVALS", "HLEN", "HINCRBY", "HINCRBYFLOAT", "HSTRLEN",
        // lists (non-blocking)
        "LPUSH", "RPUSH", "LPUSHX", "RPUSHX", "LPOP", "RPOP", "LLEN", "LRANGE", "LINDEX", "LSET", "LREM", "LTRIM",
        // sets
        "SADD", "SREM", "SMEMBERS", "SISMEMBER", "SMISMEMBER", "SCARD", "SPOP", "SRANDMEMBER", "SINTER", "SUNION", "SDIFF",
        // sorted sets
        "ZADD", "ZREM", "ZSCORE", "ZMSCORE", "ZINCRBY", "ZCARD", "ZCOUNT", "ZRANGE", "ZRANGEBYSCORE", "ZREVRANGE", "ZRANK", "ZREVRANK",
        "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ByChars = Allowed.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether the command named by these ASCII bytes is forwarded (no allocation).</summary>
    public static bool IsAllowed(ReadOnlySpan<byte> name)
    {
        if (name.Length > MaxNameLength)
            return false;

        Span<char> chars = stackalloc char[MaxNameLength];
        for (var i = 0; i < name.Length; i++)
            chars[i] = (char)name[i];
        return ByChars.Contains(chars[..name.Length]);
    }

    /// <summary>The RESP error a refused command gets, naming it (printable ASCII only, so the reply stays one line).</summary>
    public static byte[] RefusalFor(ReadOnlySpan<byte> name)
    {
        var printable = new StringBuilder(name.Length);
        foreach (var b in name)
            printable.Append(b is >= 0x21 and <= 0x7E ? char.ToUpperInvariant((char)b) : '?');
        return Encoding.ASCII.GetBytes($"-ERR command '{printable}' is not allowed by this gateway; see docs/inbound-tcp.md for the allow-list\r\n");
    }
}
