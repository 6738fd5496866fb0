using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>What the origin (or the pooler itself) still owes the client for one forwarded or answered message, in order.</summary>
internal enum ExpectedReply : byte
{
    /// <summary>A simple Query or FunctionCall: everything up to its ReadyForQuery.</summary>
    Query,

    /// <summary>A Sync: its ReadyForQuery.</summary>
    Sync,

    /// <summary>The client's Parse: ParseComplete, forwarded.</summary>
    Parse,

    /// <summary>A Parse the pooler added to prepare a statement on this connection: ParseComplete, not forwarded.</summary>
    InjectedParse,

    /// <summary>BindComplete.</summary>
    Bind,

    /// <summary>RowDescription or NoData (after a ParameterDescription for a statement).</summary>
    Describe,

    /// <summary>CommandComplete, EmptyQueryResponse or PortalSuspended.</summary>
    Execute,

    /// <summary>CloseComplete of a portal.</summary>
    Close,

    /// <summary>A ParseComplete the pooler writes itself: the statement is already prepared on this connection.</summary>
    SyntheticParseComplete,

    /// <summary>A CloseComplete the pooler writes itself: statements are closed in the client's table only.</summary>
    SyntheticCloseComplete,

    /// <summary>An ErrorResponse the pooler writes itself, after which it skips the client's messages until Sync.</summary>
    SyntheticError,
}

/// <summary>One entry of a lease's reply queue.</summary>
internal readonly record struct Expectation(ExpectedReply Kind, PreparedStatement? Statement = null, string? ClientName = null, string? SqlState = null, string? Message = null);

/// <summary>
/// One client's hold on one origin connection, from the first message of a transaction to the <c>ReadyForQuery</c> that
/// ends it. Every field is read and changed under the session's gate; the pump and the client reader share it.
/// </summary>
internal sealed class OriginLease
{
    public OriginLease(OriginConnection connection) => Connection = connection;

    public OriginConnection Connection { get; }

    /// <summary>What is owed to the client, in the order the client asked.</summary>
    public Queue<Expectation> Expected { get; } = new();

    /// <summary>Sync and Query messages forwarded whose ReadyForQuery has not come back.</summary>
    public int PendingReadyForQuery { get; set; }

    /// <summary>Extended-protocol messages were forwarded after the last Sync: the origin is mid-pipeline.</summary>
    public bool Unsynced { get; set; }

    /// <summary>The client reader is writing to the origin; the lease cannot end under it.</summary>
    public bool WriterActive { get; set; }

    /// <summary>The transaction status of the last ReadyForQuery.</summary>
    public PgTransactionStatus Status { get; set; } = PgTransactionStatus.Idle;

    /// <summary>The origin is in COPY FROM STDIN, waiting for the client's data.</summary>
    public bool CopyIn { get; set; }

    /// <summary>A command left session state behind (SET, PREPARE, LISTEN, temp table...): DISCARD ALL before reuse.</summary>
    public bool Dirty { get; set; }

    /// <summary>The client parsed the unnamed statement during this lease, so binding it here is safe.</summary>
    public bool UnnamedStatementParsed { get; set; }

    /// <summary>The client is gone: drain, roll back and give the connection back without writing to it.</summary>
    public bool ClientGone { get; set; }

    /// <summary>Set when the pump failed: the connection is broken and goes back to the pool closed.</summary>
    public bool Failed { get; set; }

    /// <summary>Set when the pump ended the lease itself: it, not the session, gives the connection back.</summary>
    public bool Ended { get; set; }

    /// <summary>
    /// CancelRequests for this lease's query being delivered to the origin right now. The lease cannot end (and its
    /// connection cannot serve another client) until they are done, so a cancel never lands on the next client's query.
    /// </summary>
    public int CancelsInFlight { get; set; }

    /// <summary>Aborts the pump when cleaning up after a client takes too long.</summary>
    public CancellationTokenSource Abort { get; } = new();

    /// <summary>The origin-to-client pump of this lease.</summary>
    public Task Pump { get; set; } = Task.CompletedTask;

    /// <summary>Whether nothing is in flight and the transaction is over (or its client is gone): the lease can end.</summary>
    public bool CanEnd => !WriterActive && CancelsInFlight == 0 && PendingReadyForQuery == 0 && !Unsynced && Expected.Count == 0 && !Failed
        && (Status == PgTransactionStatus.Idle || ClientGone);
}
