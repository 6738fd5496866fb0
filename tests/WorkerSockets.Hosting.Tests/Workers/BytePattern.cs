namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>The upload test's body: byte <c>i</c> is <c>i % 251</c> (a prime, so chunk boundaries never line up with it).</summary>
public static class BytePattern
{
    public const int MaxSlice = 64 * 1024;
    private const int Period = 251;
    private static readonly byte[] Bytes = Enumerable.Range(0, MaxSlice + Period).Select(i => (byte)(i % Period)).ToArray();

    /// <summary>The <paramref name="count"/> pattern bytes starting at <paramref name="offset"/>; at most <see cref="MaxSlice"/>.</summary>
    public static ReadOnlyMemory<byte> Slice(long offset, int count) => Bytes.AsMemory((int)(offset % Period), count);
}
