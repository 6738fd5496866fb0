using Microsoft.Extensions.Configuration;

namespace WorkerSockets.Hosting.DevVars;

/// <summary>A <c>.dev.vars</c> file as a configuration source.</summary>
internal sealed class DevVarsConfigurationSource : FileConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new DevVarsConfigurationProvider(this);
    }
}

/// <summary>Loads a <c>.dev.vars</c> file: each variable's name is its configuration key.</summary>
internal sealed class DevVarsConfigurationProvider(DevVarsConfigurationSource source) : FileConfigurationProvider(source)
{
    public override void Load(Stream stream)
    {
        using var reader = new StreamReader(stream);
        Data = DevVarsParser.Parse(reader.ReadToEnd());
    }
}
