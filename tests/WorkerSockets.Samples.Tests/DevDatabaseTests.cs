using Customers;

namespace WorkerSockets.Samples.Tests;

/// <summary>
/// Each test sets the process's DB and HYPERDRIVE environment variables itself (none unless it says so), so a developer's
/// own DB cannot make a "configured" expectation pass; the collection runs alone because the environment is process-wide.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class DevDatabaseTests : IDisposable
{
    private static readonly string[] DatabaseVariables = ["DB", "HYPERDRIVE"];
    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("customers-devvars-");
    private readonly Dictionary<string, string?> _saved = DatabaseVariables.ToDictionary(name => name, Environment.GetEnvironmentVariable);

    public DevDatabaseTests()
    {
        foreach (string name in DatabaseVariables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

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

        Assert.False(DevDatabase.IsConfigured(["--port", "0"], _contentRoot.FullName));
    }

    [Theory]
    [InlineData("DB")]
    [InlineData("HYPERDRIVE")]
    public void A_database_in_the_environment_counts_as_configured(string name)
    {
        Environment.SetEnvironmentVariable(name, "postgres://u:p@db.internal:5432/shop");

        Assert.True(DevDatabase.IsConfigured(["--port", "0"], _contentRoot.FullName));
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        _contentRoot.Delete(recursive: true);
    }
}

/// <summary>Tests that change process-wide environment variables run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "process environment";
}
