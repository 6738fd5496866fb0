namespace WorkerSockets.Hosting.Hyperdrive.Cache;

/// <summary>
/// Decides whether a query string (simple protocol, or an extended-protocol statement with $n parameters) is read-only for certain, and so may be answered from the cache. It
/// lexes just enough SQL (comments, string literals, quoted identifiers) to see every word; anything it does not fully
/// understand is not cacheable. A wrong "no" costs a round trip, a wrong "yes" a wrong answer, so every doubt says no.
/// </summary>
internal static class QueryCacheability
{
    // Statements that only read. A leading parenthesis or anything else is refused.
    private static readonly HashSet<string> ReadOnlyStarts = new(StringComparer.OrdinalIgnoreCase) { "select", "with", "values", "table" };

    // Words that make a read statement write, lock, or leave state behind: data-modifying CTEs (WITH x AS (INSERT ...)),
    // SELECT ... INTO, FOR UPDATE/SHARE (and FOR in any other place: refused too, the cost is one uncached query).
    private static readonly HashSet<string> Refused = new(StringComparer.OrdinalIgnoreCase)
    {
        "insert", "update", "delete", "merge", "into", "for", "lock", "copy", "call", "do", "set", "reset", "execute",
        "prepare", "deallocate", "listen", "unlisten", "notify", "declare", "fetch", "move", "close", "discard", "truncate",

        // SQL keywords that read the clock without a function call's parentheses.
        "current_timestamp", "current_time", "current_date", "localtime", "localtimestamp",
    };

    // Words a parenthesis may follow that are not function calls.
    private static readonly HashSet<string> NotCalls = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "with", "values", "as", "in", "exists", "any", "all", "some", "from", "join", "on", "using", "over",
        "filter", "within", "and", "or", "not", "where", "lateral", "array", "row", "cast", "coalesce", "nullif",
        "greatest", "least", "case", "when", "then", "else", "is", "distinct", "by", "union", "intersect", "except",
        "between", "like", "ilike", "having", "limit", "offset", "materialized", "extract", "position", "substring", "trim",
    };

    /// <summary>
    /// Whether <paramref name="sql"/> is one read-only statement that calls only functions the origin knows as immutable
    /// and names no volatile or stable one anywhere. Stable functions are refused too: PostgreSQL promises their result
    /// only within one statement, and the cache spans many (now(), txid_current() and pg_backend_pid() are stable).
    /// </summary>
    /// <param name="sql">The query string as the client sent it.</param>
    /// <param name="functions">The origin's function catalogue, read from <c>pg_proc</c>.</param>
    public static bool IsCacheable(string sql, FunctionCatalog functions)
    {
        var volatileFunctions = functions.NotImmutable;
        // Backslash escapes (E'\'') change where strings end; rather than lex them, refuse them. So is dollar quoting, below.
        if (sql.AsSpan().IndexOfAny('\\', '\0') >= 0)
        {
            return false;
        }

        bool first = true;
        bool ended = false; // a ';' was seen: only whitespace and comments may follow
        int i = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && At(sql, i + 1, '-'))
            {
                int newline = sql.IndexOf('\n', i);
                i = newline < 0 ? sql.Length : newline + 1;
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                if (!SkipBlockComment(sql, ref i))
                {
                    return false;
                }
            }
            else if (ended)
            {
                return false; // a second statement
            }
            else if (c == ';')
            {
                ended = true;
                i++;
            }
            else if (c == '\'')
            {
                if (!SkipQuoted(sql, ref i, '\'', out _) || first)
                {
                    return false;
                }
            }
            else if (c == '"')
            {
                // A quoted identifier: compared as written, so "random" is still the volatile function random.
                if (!SkipQuoted(sql, ref i, '"', out var name) || first || volatileFunctions.Contains(name) || (IsCall(sql, i) && !functions.Known.Contains(name)))
                {
                    return false;
                }
            }
            else if (char.IsLetter(c) || c == '_')
            {
                int start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
                {
                    i++;
                }

                var word = sql[start..i];
                // A call of a function the origin did not have when its catalogue was read (created since) is refused too.
                if (first ? !ReadOnlyStarts.Contains(word)
                    : Refused.Contains(word) || volatileFunctions.Contains(word) || (IsCall(sql, i) && !NotCalls.Contains(word) && !functions.Known.Contains(word)))
                {
                    return false;
                }

                first = false;
            }
            else if (first)
            {
                return false; // "(SELECT ...)" and anything else that does not start with a word
            }
            else if (c == '$')
            {
                // An extended-protocol parameter ($1) is a value, never a call. Anything else with '$' ($$...$$,
                // $tag$...$tag$, a name like a$b) is refused: dollar quoting would change where strings end.
                if (!IsParameter(sql, i))
                {
                    return false;
                }

                i++;
                while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    i++;
                }
            }
            else
            {
                i++; // digits, operators, punctuation
            }
        }

        return !first;
    }

    // Whether the next thing after whitespace and comments is an opening parenthesis.
    private static bool IsCall(string sql, int i)
    {
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]))
            {
                i++;
            }
            else if (sql[i] == '-' && At(sql, i + 1, '-'))
            {
                int newline = sql.IndexOf('\n', i);
                i = newline < 0 ? sql.Length : newline + 1;
            }
            else if (sql[i] == '/' && At(sql, i + 1, '*'))
            {
                if (!SkipBlockComment(sql, ref i))
                {
                    return true; // unterminated: the caller refuses the text anyway
                }
            }
            else
            {
                return sql[i] == '(';
            }
        }

        return false;
    }

    // "$" then digits, not right after a name or number it would belong to.
    private static bool IsParameter(string sql, int i)
        => i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1]) && (i == 0 || !(char.IsLetterOrDigit(sql[i - 1]) || sql[i - 1] is '_' or '$'));

    private static bool At(string sql, int index, char c) => index < sql.Length && sql[index] == c;

    private static bool SkipBlockComment(string sql, ref int i)
    {
        // PostgreSQL's block comments nest.
        int depth = 0;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && At(sql, i + 1, '*'))
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && At(sql, i + 1, '/'))
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return true;
                }
            }
            else
            {
                i++;
            }
        }

        return false; // unterminated
    }

    private static bool SkipQuoted(string sql, ref int i, char quote, out string content)
    {
        var text = new System.Text.StringBuilder();
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (At(sql, i + 1, quote))
                {
                    text.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                content = text.ToString();
                return true;
            }

            text.Append(sql[i++]);
        }

        content = "";
        return false; // unterminated
    }
}

/// <summary>
/// The origin's function names: every one, and those with an overload that is volatile or stable
/// (<c>pg_proc.provolatile &lt;&gt; 'i'</c>), compared without case.
/// </summary>
internal sealed record FunctionCatalog(IReadOnlySet<string> Known, IReadOnlySet<string> NotImmutable);
