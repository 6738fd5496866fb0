namespace Customers.Postgres;

/// <summary>One column of a result, from RowDescription.</summary>
/// <param name="Name">The column name.</param>
/// <param name="TypeOid">The PostgreSQL type OID, e.g. 23 for <c>integer</c>, 25 for <c>text</c>.</param>
public sealed record PgField(string Name, uint TypeOid);

/// <summary>The rows of a simple query, every value in PostgreSQL's text format (<see langword="null"/> for SQL NULL).</summary>
/// <param name="Fields">The columns, in order.</param>
/// <param name="Rows">The rows, in the order the server sent them; each has one value per field.</param>
/// <param name="CommandTag">The CommandComplete tag, e.g. <c>SELECT 3</c>.</param>
public sealed record PgQueryResult(IReadOnlyList<PgField> Fields, IReadOnlyList<string?[]> Rows, string CommandTag);
