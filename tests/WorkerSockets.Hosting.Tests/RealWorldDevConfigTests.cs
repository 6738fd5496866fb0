using WorkerSockets.Hosting.LocalDev;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests;

/// <summary>The dev server reads real projects' wrangler configs (the generator tests' collection) at run time.</summary>
public sealed class RealWorldDevConfigTests
{
    public static TheoryData<string> Configs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "RealWorldConfigs")).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Every_real_world_config_is_read_with_its_environments(string file)
    {
        using var project = new TempDirectory();
        var extension = Path.GetExtension(file);
        var path = project.Write("wrangler" + extension, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "RealWorldConfigs", file)));

        var config = WranglerDevConfig.Read(path);

        // Each [env.<name>] header or "env": { "<name>": ... } key of the file is one of the names read.
        var text = File.ReadAllText(path);
        foreach (var name in config.Environments)
            Assert.True(text.Contains($"env.{name}", StringComparison.Ordinal) || text.Contains($"\"{name}\"", StringComparison.Ordinal), name);
    }

    [Fact]
    public void A_real_dev_section_and_real_environments_are_read_as_written()
    {
        var misc = WranglerDevConfig.Read(Path.Combine(AppContext.BaseDirectory, "RealWorldConfigs", "misc-top-level-tables.toml"));
        var staging = WranglerDevConfig.Read(Path.Combine(AppContext.BaseDirectory, "RealWorldConfigs", "hyperdrive-secrets-envs.toml"));
        var widening = WranglerDevConfig.Read(Path.Combine(AppContext.BaseDirectory, "RealWorldConfigs", "env-type-widening.jsonc"));

        Assert.Equal((8787, "0.0.0.0", "http"), (misc.Port, misc.Ip, misc.LocalProtocol));
        Assert.Equal(["staging"], staging.Environments);
        Assert.Contains("staging", widening.Environments);
    }

    [Fact]
    public void The_collection_is_there()
        => Assert.True(Configs().Count >= 40);
}
