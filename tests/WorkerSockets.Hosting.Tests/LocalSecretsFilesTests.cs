using WorkerSockets.Hosting.DevVars;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests;

/// <summary>wrangler 4's rules ("Local development with secrets"), on real files.</summary>
public sealed class LocalSecretsFilesTests
{
    [Fact]
    public void Dev_vars_alone_is_read_and_env_files_beside_it_are_not()
    {
        using var project = new TempDirectory();
        var devVars = project.Write(".dev.vars", "A=1");
        project.Write(".env", "A=2");
        project.Write(".env.local", "A=3");

        Assert.Equal([devVars], LocalSecretsFiles.Choose(project.Path, environment: null));
    }

    [Fact]
    public void The_environments_dev_vars_replaces_the_plain_one_when_it_exists()
    {
        using var project = new TempDirectory();
        var devVars = project.Write(".dev.vars", "A=1");
        var staging = project.Write(".dev.vars.staging", "A=2");

        Assert.Equal([staging], LocalSecretsFiles.Choose(project.Path, "staging"));
        Assert.Equal([devVars], LocalSecretsFiles.Choose(project.Path, "production"));
        Assert.Equal([devVars], LocalSecretsFiles.Choose(project.Path, null));
    }

    [Fact]
    public void The_environments_dev_vars_is_read_even_without_a_plain_one_and_env_files_are_then_not_read()
    {
        using var project = new TempDirectory();
        var staging = project.Write(".dev.vars.staging", "A=2");
        project.Write(".env", "A=3");

        Assert.Equal([staging], LocalSecretsFiles.Choose(project.Path, "staging"));
    }

    [Fact]
    public void Without_dev_vars_every_env_file_is_read_the_more_specific_later()
    {
        using var project = new TempDirectory();
        var localStaging = project.Write(".env.staging.local", "A=4");
        var local = project.Write(".env.local", "A=3");
        var staging = project.Write(".env.staging", "A=2");
        var plain = project.Write(".env", "A=1");
        project.Write(".env.production", "A=5");

        Assert.Equal([plain, staging, local, localStaging], LocalSecretsFiles.Choose(project.Path, "staging"));
        Assert.Equal([plain, local], LocalSecretsFiles.Choose(project.Path, null));
    }

    [Fact]
    public void Nothing_is_read_when_no_file_exists()
    {
        using var project = new TempDirectory();
        project.Write("wrangler.toml", "");

        Assert.Empty(LocalSecretsFiles.Choose(project.Path, "staging"));
        Assert.Equal($"{Path.Combine(project.Path, ".dev.vars")} (not found; nor .dev.vars.staging or any .env file)", LocalSecretsFiles.DescribeMissing(project.Path, "staging"));
    }

    [Fact]
    public void Env_file_paths_replace_the_default_env_files_but_not_dev_vars()
    {
        using var project = new TempDirectory();
        project.Write(".env", "A=1");
        var first = project.Write("one.env", "A=2");
        var second = project.Write("two.env", "A=3");

        Assert.Equal([second, first], LocalSecretsFiles.Choose(project.Path, null, [second, first]));
        var devVars = project.Write(".dev.vars", "A=4");
        Assert.Equal([devVars], LocalSecretsFiles.Choose(project.Path, null, [second, first]));
    }

    [Fact]
    public void An_env_file_that_does_not_exist_is_an_error_naming_it()
    {
        using var project = new TempDirectory();
        var missing = Path.Combine(project.Path, "nope.env");

        var error = Assert.Throws<LocalDev.DevServerException>(() => LocalSecretsFiles.Choose(project.Path, null, [missing]));

        Assert.Equal($"--env-file {missing}: no such file", error.Message);
    }
}
