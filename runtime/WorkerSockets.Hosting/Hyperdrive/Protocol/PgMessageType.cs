namespace WorkerSockets.Hosting.Hyperdrive.Protocol;

/// <summary>Type bytes of the frontend (client to server) messages the pooler handles.</summary>
internal static class PgFrontend
{
    public const byte Query = (byte)'Q';
    public const byte Parse = (byte)'P';
    public const byte Bind = (byte)'B';
    public const byte Describe = (byte)'D';
    public const byte Execute = (byte)'E';
    public const byte Close = (byte)'C';
    public const byte Sync = (byte)'S';
    public const byte Flush = (byte)'H';
    public const byte Terminate = (byte)'X';
    public const byte CopyData = (byte)'d';
    public const byte CopyDone = (byte)'c';
    public const byte CopyFail = (byte)'f';
    public const byte FunctionCall = (byte)'F';
    public const byte PasswordMessage = (byte)'p';

    /// <summary>The startup-phase request codes (in place of a protocol version).</summary>
    public const int ProtocolVersion3 = 196608;
    public const int SslRequestCode = 80877103;
    public const int GssEncRequestCode = 80877104;
    public const int CancelRequestCode = 80877102;
}

/// <summary>Type bytes of the backend (server to client) messages the pooler reads or writes.</summary>
internal static class PgBackend
{
    public const byte Authentication = (byte)'R';
    public const byte ParameterStatus = (byte)'S';
    public const byte BackendKeyData = (byte)'K';
    public const byte ReadyForQuery = (byte)'Z';
    public const byte ErrorResponse = (byte)'E';
    public const byte NoticeResponse = (byte)'N';
    public const byte ParseComplete = (byte)'1';
    public const byte BindComplete = (byte)'2';
    public const byte CloseComplete = (byte)'3';
    public const byte CommandComplete = (byte)'C';
    public const byte EmptyQueryResponse = (byte)'I';
    public const byte PortalSuspended = (byte)'s';
    public const byte NoData = (byte)'n';
    public const byte RowDescription = (byte)'T';
    public const byte DataRow = (byte)'D';
    public const byte ParameterDescription = (byte)'t';
    public const byte CopyInResponse = (byte)'G';
    public const byte CopyOutResponse = (byte)'H';
    public const byte CopyBothResponse = (byte)'W';
    public const byte FunctionCallResponse = (byte)'V';
    public const byte NegotiateProtocolVersion = (byte)'v';
}

/// <summary>The transaction status a <c>ReadyForQuery</c> reports.</summary>
internal enum PgTransactionStatus : byte
{
    /// <summary>Not in a transaction block (<c>I</c>).</summary>
    Idle = (byte)'I',

    /// <summary>In a transaction block (<c>T</c>).</summary>
    InTransaction = (byte)'T',

    /// <summary>In a failed transaction block (<c>E</c>).</summary>
    Failed = (byte)'E',
}

/// <summary>SQLSTATE codes the pooler itself reports.</summary>
internal static class PgSqlState
{
    public const string ProtocolViolation = "08P01";
    public const string InvalidPassword = "28P01";
    public const string InvalidAuthorization = "28000";
    public const string UnknownDatabase = "3D000";
    public const string FeatureNotSupported = "0A000";
    public const string CannotConnect = "08001";
    public const string ConnectionFailure = "08006";
    public const string TooManyConnections = "53300";
    public const string DuplicatePreparedStatement = "42P05";
    public const string AdminShutdown = "57P01";
}
