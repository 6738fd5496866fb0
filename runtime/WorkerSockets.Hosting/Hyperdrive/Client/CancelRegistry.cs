using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using WorkerSockets.Hosting.Hyperdrive.Origin;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>
/// The cancel keys a pool has given its live client sessions, as PgBouncer keeps them: a process id unique among the
/// live sessions, and a random secret. A <c>CancelRequest</c> finds its session here; the secret is compared in constant
/// time, so a wrong guess tells an attacker nothing about the right one.
/// </summary>
internal sealed class CancelRegistry
{
    private const int KeySize = 8; // process id and secret

    private readonly ConcurrentDictionary<int, Entry> _sessions = new();
    private readonly byte[] _random = new byte[64 * KeySize];
    private int _randomUsed = 64 * KeySize; // empty: the first key draws the first block

    /// <summary>How many sessions hold a key now.</summary>
    public int Count => _sessions.Count;

    /// <summary>Gives <paramref name="session"/> a fresh key, registered until <see cref="Unregister"/>.</summary>
    public BackendKey Register(ClientSession session)
    {
        Span<byte> random = stackalloc byte[KeySize];
        while (true)
        {
            TakeRandom(random);
            // Random rather than sequential: a process id says nothing about how many clients the pool has served.
            int processId = BinaryPrimitives.ReadInt32BigEndian(random) & int.MaxValue;
            int secret = BinaryPrimitives.ReadInt32BigEndian(random[4..]);
            if (processId != 0 && _sessions.TryAdd(processId, new Entry(session, secret)))
            {
                return new BackendKey(processId, secret);
            }
        }
    }

    /// <summary>Forgets the key, if it is still <paramref name="session"/>'s.</summary>
    public void Unregister(int processId, ClientSession session)
    {
        if (_sessions.TryGetValue(processId, out var entry) && entry.Session == session)
        {
            _sessions.TryRemove(KeyValuePair.Create(processId, entry));
        }
    }

    /// <summary>The live session with this key, or null when the process id is unknown or the secret is wrong.</summary>
    public ClientSession? Find(int processId, int secretKey)
    {
        if (!_sessions.TryGetValue(processId, out var entry))
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[4];
        Span<byte> given = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(expected, entry.Secret);
        BinaryPrimitives.WriteInt32BigEndian(given, secretKey);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? entry.Session : null;
    }

    /// <summary>
    /// Copies the next unused bytes of a block drawn from the system's secure random source, drawing a new block when it
    /// runs out: every login needs a key, and one call to the source per 64 keys instead of one per key (P7). Each byte is
    /// handed out once and wiped as it goes.
    /// </summary>
    private void TakeRandom(Span<byte> destination)
    {
        lock (_random)
        {
            if (_randomUsed + destination.Length > _random.Length)
            {
                RandomNumberGenerator.Fill(_random);
                _randomUsed = 0;
            }

            var taken = _random.AsSpan(_randomUsed, destination.Length);
            taken.CopyTo(destination);
            taken.Clear();
            _randomUsed += destination.Length;
        }
    }

    private sealed record Entry(ClientSession Session, int Secret);
}
