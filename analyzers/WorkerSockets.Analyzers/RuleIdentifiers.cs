namespace WorkerSockets.Analyzers;

/// <summary>The diagnostic IDs of the WorkerSockets analyzers and where each one is documented.</summary>
internal static class RuleIdentifiers
{
    public const string Port25Connect = "WSK001";
    public const string UnobservedSocketClose = "WSK002";
    public const string SocketEscapesRequest = "WSK003";
    public const string ConnectInGlobalScope = "WSK004";
    public const string StartTlsWithoutOption = "WSK005";
    public const string SocketUsedAfterStartTls = "WSK006";
    public const string SocketLeftOpen = "WSK007";
    public const string TooManyOpenSockets = "WSK008";
    public const string BlockingOnSocketTask = "WSK009";
    public const string ConnectToHttpPort = "WSK010";

    public const string HelpLinkBase = "https://github.com/WorkerSockets/WorkerSockets/blob/main/docs/rules/";

    public static string GetHelpUri(string id) => HelpLinkBase + id + ".md";
}
