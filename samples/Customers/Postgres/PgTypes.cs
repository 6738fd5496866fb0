namespace Customers.Postgres;

/// <summary>The OIDs of the built-in types whose text form maps onto a JSON kind (see <c>pg_type</c>).</summary>
public static class PgTypes
{
    /// <summary><c>boolean</c>: text <c>t</c> or <c>f</c>.</summary>
    public const uint Bool = 16;

    /// <summary><c>bigint</c>.</summary>
    public const uint Int8 = 20;

    /// <summary><c>smallint</c>.</summary>
    public const uint Int2 = 21;

    /// <summary><c>integer</c>.</summary>
    public const uint Int4 = 23;

    /// <summary><c>oid</c>.</summary>
    public const uint Oid = 26;

    /// <summary><c>json</c>.</summary>
    public const uint Json = 114;

    /// <summary><c>real</c>.</summary>
    public const uint Float4 = 700;

    /// <summary><c>double precision</c>.</summary>
    public const uint Float8 = 701;

    /// <summary><c>numeric</c>.</summary>
    public const uint Numeric = 1700;

    /// <summary><c>jsonb</c>.</summary>
    public const uint Jsonb = 3802;
}
