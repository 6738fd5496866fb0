using Customers;

namespace WorkerSockets.Samples.Tests;

public sealed class DevDatabaseTests : IDisposable
{
    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("customers-devvars-");

    [Fact]
    public void Dev_vars_with_DB_count_as_configured()
    {
        File.WriteAllText(Path.Combine(_contentRoot.FullName, ".dev.vars"), "# local database\nDB=\"postgres://u:p@db.internal:5432/shop\"\n");

        Assert.True(DevDatabase.IsConfigured([], _contentRoot.FullName));
    }

    [Fact]
    public void Dev_vars_with_HYPERDRIVE_count_as_configured()
    {
        File.WriteAllText(Path.Combine(_contentRoot.FullName, ".dev.vars"), "HYPERDRIVE=postgres://u:p@db.internal:5432/shop\n");

        Assert.True(DevDatabase.IsConfigured([], _contentRoot.FullName));
    }

    [Fact]
    public void DB_on_the_command_line_counts_as_configured_next_to_port()
    {
        Assert.True(DevDatabase.IsConfigured(["--port", "9000", "--DB", "postgres://u:p@db.internal/shop"], _contentRoot.FullName));
    }

    [Fact]
    public void Dev_vars_without_a_database_binding_do_not_count()
    {
        File.WriteAllText(Path.Combine(_contentRoot.FullName, ".dev.vars"), "GREETING=hello\nDB_HINT=none\n");
        bool fromEnvironment = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DB")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HYPERDRIVE"));

        Assert.Equal(fromEnvironment, DevDatabase.IsConfigured(["--port", "0"], _contentRoot.FullName));
    }

    public void Dispose() => _contentRoot.Delete(recursive: true);
}
