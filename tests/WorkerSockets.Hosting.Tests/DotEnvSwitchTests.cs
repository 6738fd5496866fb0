using WorkerSockets.Hosting.DevVars;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests;

/// <summary>Sets a process environment variable, so it runs alone (no other test reads .env files meanwhile).</summary>
[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;

[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class DotEnvSwitchTests
{
    [Fact]
    public void CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV_false_turns_env_files_off_but_not_dev_vars()
    {
        using var project = new TempDirectory();
        var dotEnv = project.Write(".env", "A=1");
        Environment.SetEnvironmentVariable(LocalSecretsFiles.LoadFromDotEnvVariable, "false");
        try
        {
            Assert.Empty(LocalSecretsFiles.Choose(project.Path, null));
            var devVars = project.Write(".dev.vars", "A=2");
            Assert.Equal([devVars], LocalSecretsFiles.Choose(project.Path, null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(LocalSecretsFiles.LoadFromDotEnvVariable, null);
        }

        File.Delete(Path.Combine(project.Path, ".dev.vars"));
        Assert.Equal([dotEnv], LocalSecretsFiles.Choose(project.Path, null));
    }
}
