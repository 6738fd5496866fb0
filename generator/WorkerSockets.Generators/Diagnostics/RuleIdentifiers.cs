namespace WorkerSockets.Generators.Diagnostics;

/// <summary>The WSK1xx generator and binding diagnostic IDs, and where their pages live.</summary>
internal static class RuleIdentifiers
{
    public const string InvalidTypeShape = "WSK100";
    public const string InvalidFetchSignature = "WSK101";
    public const string InvalidBindingName = "WSK102";
    public const string DuplicateBindingName = "WSK103";
    public const string BindingTypeMismatch = "WSK104";
    public const string ConfigSyntaxError = "WSK105";
    public const string MultipleWorkers = "WSK106";
    public const string ConfigTypeConflict = "WSK107";
    public const string MissingParameterlessConstructor = "WSK108";
    public const string InvalidBindingProperty = "WSK109";
    public const string ConfigWithoutEnv = "WSK110";
    public const string UnsupportedBindingKind = "WSK111";
    public const string MisspelledConfigKey = "WSK112";
    public const string IgnoredConfigFile = "WSK113";
    public const string UnmarkedWorker = "WSK114";

    public static string HelpLink(string id) => $"https://github.com/WorkerSockets/WorkerSockets/blob/main/docs/rules/{id}.md";
}
