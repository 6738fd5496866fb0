namespace Customers;

/// <summary>Whether the developer configured a database, as the dev server would see it: environment variables or <c>.dev.vars</c>.</summary>
internal static class DevDatabase
{
    private static readonly string[] BindingNames = ["DB", "HYPERDRIVE"];

    public static bool IsConfigured()
        => BindingNames.Any(name => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) || DevVarsDefineAny(".dev.vars");

    // .dev.vars is dotenv-style: NAME=value lines, # comments.
    private static bool DevVarsDefineAny(string path)
        => File.Exists(path) && File.ReadLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .Any(pair => pair.Length == 2 && BindingNames.Contains(pair[0].Trim()) && pair[1].Trim().Trim('"', '\'').Length > 0);
}
