using System.Buffers;
using System.Text;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>
/// Decides whether a command may have left session state on an origin connection, so the lease resets it with
/// <c>DISCARD ALL</c> before the connection serves anyone else. It errs on the side of resetting.
/// </summary>
internal static class SessionStateDetector
{
    // CommandComplete tags of commands whose effect outlives the transaction.
    private static readonly byte[][] SessionTags =
    [
        "SET\0"u8.ToArray(), "PREPARE\0"u8.ToArray(), "DECLARE CURSOR\0"u8.ToArray(), "LISTEN\0"u8.ToArray(), "LOAD\0"u8.ToArray(),
        "SET SESSION"u8.ToArray(),
    ];

    // Words in query text for session state no tag reveals: temporary tables (CREATE TEMP, SELECT INTO TEMP),
    // advisory locks (pg_advisory_lock is a SELECT), and set_config(..., false).
    private static readonly string[] SessionWords = ["temp", "advisory", "set_config"];

    /// <summary>Whether a CommandComplete body shows a session-level command.</summary>
    public static bool IsSessionTag(in ReadOnlySequence<byte> commandCompleteBody)
    {
        Span<byte> start = stackalloc byte[16];
        int length = (int)Math.Min(commandCompleteBody.Length, start.Length);
        commandCompleteBody.Slice(0, length).CopyTo(start);
        start = start[..length];
        foreach (var tag in SessionTags)
        {
            if (start.StartsWith(tag))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether query text mentions a kind of session state that no CommandComplete tag shows.</summary>
    public static bool MentionsUntaggedSessionState(in ReadOnlySequence<byte> queryText)
    {
        var text = queryText.IsSingleSegment ? queryText.FirstSpan : queryText.ToArray();
        foreach (var word in SessionWords)
        {
            if (ContainsIgnoreCase(text, word))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> text, string word)
    {
        byte lower = (byte)word[0];
        byte upper = (byte)char.ToUpperInvariant(word[0]);
        for (int i = text.IndexOfAny(lower, upper); i >= 0 && i + word.Length <= text.Length;)
        {
            if (Ascii.EqualsIgnoreCase(text.Slice(i, word.Length), word))
            {
                return true;
            }

            int next = text[(i + 1)..].IndexOfAny(lower, upper);
            i = next < 0 ? -1 : i + 1 + next;
        }

        return false;
    }
}
