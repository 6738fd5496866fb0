using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using WorkerSockets.Hosting.DevVars;

namespace WorkerSockets.Hosting.LocalDev;

/// <summary>
/// What the dev server settles before it starts, from the command line (which wins, as in wrangler), the wrangler
/// config's <c>[dev]</c> section and the defaults: where it listens, which config and wrangler environment are in
/// effect, and which local secrets files it reads.
/// </summary>
internal sealed record DevServerSettings(
    string ConfigDirectory,
    string? ConfigPath,
    WranglerDevConfig? Config,
    int Port,
    string PortSource,
    ListenAddress Listen,
    string ListenSource,
    bool Https,
    string ProtocolSource,
    string? WranglerEnvironment,
    string EnvironmentSource,
    IReadOnlyList<string> SecretsFiles,
    IReadOnlyList<string> Notes)
{
    /// <exception cref="DevServerException">The config cannot be read, or a setting cannot be honoured (https, a bad ip).</exception>
    public static DevServerSettings Resolve(DevServerArguments arguments, IConfiguration configuration, IHostEnvironment hostEnvironment, string configDirectory)
    {
        var configPath = WranglerDevConfig.Find(configDirectory);
        var notes = new List<string>();
        WranglerDevConfig? config = null;
        try
        {
            config = configPath is null ? null : WranglerDevConfig.Read(configPath);
        }
        catch (InvalidDataException e)
        {
            // The build accepted the file (the generator reports what it cannot read), so the server still starts.
            notes.Add($"warning: {e.Message}; its [dev] settings and environment names are not applied");
        }

        string Setting(string key) => config!.DescribeDevKey(key);

        var (port, portSource) = arguments.Port is { } p ? (p, "--port")
            : config?.Port is { } configPort ? (configPort, Setting("port"))
            : (DevServerArguments.DefaultPort, "the default");
        var (listen, listenSource) = arguments.Ip is { } ip ? (ListenAddress.Parse(ip, "--ip"), "--ip")
            : config?.Ip is { } configIp ? (ListenAddress.Parse(configIp, Setting("ip")), Setting("ip"))
            : (ListenAddress.Default, "the default");

        var (protocol, protocolSource) = arguments.LocalProtocol is { } lp ? (lp, "--local-protocol")
            : config?.LocalProtocol is { } cp ? (cp, Setting("local_protocol"))
            : ("http", "the default");
        if (protocol is not ("http" or "https"))
            throw new DevServerException($"local_protocol {protocol} ({protocolSource}): expected http or https");

        var (environment, environmentSource) = SelectEnvironment(arguments, configuration, hostEnvironment, config);
        notes.AddRange(arguments.Notes);
        if (configPath is not null)
        {
            // As the build's WSK113: edits to a second file would otherwise be silently ignored.
            notes.AddRange(WranglerDevConfig.FileNames
                .Where(name => File.Exists(Path.Combine(configDirectory, name)) && !string.Equals(Path.Combine(configDirectory, name), configPath, StringComparison.Ordinal))
                .Select(name => $"note: {name} is not read: {Path.GetFileName(configPath)} is the config wrangler uses (wrangler.json, then wrangler.jsonc, then wrangler.toml)"));
        }

        if (config is not null)
            notes.AddRange(config.IgnoredDevKeys.Select(key => $"note: {Setting(key)} is ignored: the WorkerSockets dev server uses only port, ip and local_protocol"));

        return new DevServerSettings(configDirectory, configPath, config, port, portSource, listen, listenSource, protocol == "https", protocolSource, environment, environmentSource,
            LocalSecretsFiles.Choose(configDirectory, environment, arguments.EnvFiles), notes);
    }

    /// <summary>
    /// The wrangler environment, by the rule <c>Bind</c> applies (<c>--env</c>, else <c>CLOUDFLARE_ENV</c>, else the host
    /// environment's name when the config declares it), here to choose <c>.dev.vars.&lt;env&gt;</c> and to say it.
    /// </summary>
    private static (string? Name, string Source) SelectEnvironment(DevServerArguments arguments, IConfiguration configuration, IHostEnvironment hostEnvironment, WranglerDevConfig? config)
    {
        if (arguments.Environment is { } chosen)
            return (Declared(chosen, "--env", config), "--env");
        if (configuration[WorkerHostChoices.WranglerEnvironmentKey] is { Length: > 0 } fromConfiguration)
            return (Declared(fromConfiguration, WorkerHostChoices.WranglerEnvironmentKey, config), WorkerHostChoices.WranglerEnvironmentKey);

        var matching = config?.Environments.FirstOrDefault(e => string.Equals(e, hostEnvironment.EnvironmentName, StringComparison.OrdinalIgnoreCase));
        return matching is not null
            ? (matching, $"the host environment {hostEnvironment.EnvironmentName}")
            : (null, config is null ? "no wrangler config" : $"no --env or {WorkerHostChoices.WranglerEnvironmentKey}");
    }

    /// <summary>
    /// The environment named on the command line or in CLOUDFLARE_ENV, when the config read here declares it. One it does
    /// not declare stops start-up with the fix, before the worker's bindings are read (as wrangler refuses an unknown
    /// <c>--env</c>); without a readable config here (a published app) <c>Bind</c> checks it against the compiled one.
    /// </summary>
    /// <exception cref="DevServerException">The config declares no such environment.</exception>
    private static string Declared(string chosen, string source, WranglerDevConfig? config)
    {
        if (config is null || config.Environments.Contains(chosen, StringComparer.Ordinal))
            return chosen;

        var file = Path.GetFileName(config.Path);
        var json = !file.EndsWith(".toml", StringComparison.OrdinalIgnoreCase);
        string Section(string name) => json ? $"\"env\": {{ \"{name}\": {{ ... }} }}" : $"[env.{name}]";
        var declared = config.Environments.Count == 0
            ? "it declares no environments"
            : $"it declares {string.Join(", ", config.Environments.Select(e => $"'{e}'"))}";
        var sameButCase = config.Environments.FirstOrDefault(e => string.Equals(e, chosen, StringComparison.OrdinalIgnoreCase));
        var fix = sameButCase is not null
            ? $"environment names are case-sensitive: use {source} {sameButCase}"
            : $"add the section {Section(chosen)} to {file}, or " + (config.Environments.Count == 0 ? $"drop {source} to run the top level" : "name one it declares");
        throw new DevServerException($"{source} {chosen}: {file} declares no {Section(chosen)} ({declared}); {fix}");
    }

    /// <summary>
    /// wrangler looks for its config in the folder it runs in and then in each parent; the build reads the project
    /// folder's only. A config above the project is named, so its bindings do not vanish without a word.
    /// </summary>
    private string ConfigAbove()
    {
        for (var folder = Directory.GetParent(ConfigDirectory); folder is not null; folder = folder.Parent)
        {
            if (WranglerDevConfig.Find(folder.FullName) is { } above)
                return $" (wrangler would use {above}, above it, but the build and this server read the project folder's only: move it, with its .dev.vars, into {ConfigDirectory})";
        }

        return "";
    }

    /// <summary>The wrangler environment in effect and what chose it.</summary>
    public string DescribeEnvironment() =>
        WranglerEnvironment is null ? $"top level ({EnvironmentSource})" : $"[env.{WranglerEnvironment}] (from {EnvironmentSource})";

    /// <summary>The start-up lines about the config, the environment and local secrets (names of values only, never values).</summary>
    public IEnumerable<string> Describe()
    {
        yield return $"Listening on {Listen.Text} ({ListenSource}), port {Port} ({PortSource}), {(Https ? "https" : "http")} ({ProtocolSource})";
        yield return ConfigPath is null
            ? $"Config: no wrangler.json, wrangler.jsonc or wrangler.toml in {ConfigDirectory}" + ConfigAbove()
            : $"Config: {ConfigPath}";
        if (SecretsFiles.Count == 0)
        {
            yield return $"Local secrets: {LocalSecretsFiles.DescribeMissing(ConfigDirectory, WranglerEnvironment)}";
            yield break;
        }

        foreach (var file in SecretsFiles)
        {
            var names = DevVarsParser.Parse(File.ReadAllText(file)).Keys.Order(StringComparer.Ordinal).ToArray();
            yield return $"Local secrets: {file} ({(names.Length == 0 ? "no values" : string.Join(", ", names))})";
        }
    }
}
