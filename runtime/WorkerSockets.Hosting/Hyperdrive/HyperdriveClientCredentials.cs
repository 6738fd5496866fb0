namespace WorkerSockets.Hosting.Hyperdrive;

/// <summary>
/// What a client of a <see cref="HyperdrivePool"/> must present at startup: the pooled endpoint's own user, password and
/// database (generated per binding by the host), never the origin's.
/// </summary>
/// <param name="User">The user name clients log in as.</param>
/// <param name="Password">The password clients prove with SCRAM-SHA-256.</param>
/// <param name="Database">The database name clients ask for.</param>
public sealed record HyperdriveClientCredentials(string User, string Password, string Database)
{
    /// <summary>Leaves the password out.</summary>
    /// <returns>The user and database.</returns>
    public override string ToString() => $"{User}@{Database}";
}
