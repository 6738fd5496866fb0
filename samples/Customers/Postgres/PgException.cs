namespace Customers.Postgres;

/// <summary>An <c>ErrorResponse</c> from the PostgreSQL server: its SQLSTATE code and message.</summary>
public sealed class PgException : Exception
{
    /// <summary>Creates the exception from the server's error fields.</summary>
    /// <param name="sqlState">The five-character SQLSTATE code, e.g. <c>28P01</c>.</param>
    /// <param name="severity">The non-localized severity, e.g. <c>ERROR</c> or <c>FATAL</c>.</param>
    /// <param name="message">The server's primary message.</param>
    public PgException(string sqlState, string severity, string message)
        : base(message)
    {
        SqlState = sqlState;
        Severity = severity;
    }

    /// <summary>The five-character SQLSTATE code, e.g. <c>42P01</c> for an undefined table.</summary>
    public string SqlState { get; }

    /// <summary>The non-localized severity: <c>ERROR</c>, <c>FATAL</c> or <c>PANIC</c>.</summary>
    public string Severity { get; }
}

/// <summary>
/// The database could not be reached or the connection broke: refused, TLS refused or failed, closed mid-conversation.
/// The message names the destination without the password.
/// </summary>
public sealed class PgConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="innerException">The underlying socket or TLS error, if any.</param>
    public PgConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
