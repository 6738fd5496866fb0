using Microsoft.CodeAnalysis;

namespace WorkerSockets.Analyzers;

/// <summary>Every diagnostic the analyzers report, in one place.</summary>
internal static class RuleDescriptors
{
    private const string Usage = "Usage";
    private const string Reliability = "Reliability";

    public static readonly DiagnosticDescriptor Port25Connect = Create(
        RuleIdentifiers.Port25Connect,
        "Outbound connections to port 25 are blocked",
        "Connecting to port 25 is always blocked; submit mail on port 587 or 465, or use an email API",
        Usage,
        DiagnosticSeverity.Error,
        "Workers sockets never connect to TCP port 25; the connect throws at run time.");

    public static readonly DiagnosticDescriptor UnobservedSocketClose = Create(
        RuleIdentifiers.UnobservedSocketClose,
        "Observe the task returned by closing a socket",
        "The task returned by '{0}' is dropped; await it or pass it to WorkerContext.WaitUntil",
        Reliability,
        DiagnosticSeverity.Warning,
        "A dropped close task may not finish before the request ends, so queued writes are lost and the socket is aborted.");

    public static readonly DiagnosticDescriptor SocketEscapesRequest = Create(
        RuleIdentifiers.SocketEscapesRequest,
        "A socket must not outlive its request",
        "Socket '{0}' escapes its request: {1}",
        Reliability,
        DiagnosticSeverity.Warning,
        "A socket belongs to the request that opened it; using it from another request or after the request ends throws.");

    public static readonly DiagnosticDescriptor ConnectInGlobalScope = Create(
        RuleIdentifiers.ConnectInGlobalScope,
        "Do not connect in global scope",
        "Connect is called in global scope ({0}); open sockets inside a handler",
        Usage,
        DiagnosticSeverity.Error,
        "Asynchronous I/O is not allowed in global scope; the connect throws at run time.");

    public static readonly DiagnosticDescriptor StartTlsWithoutOption = Create(
        RuleIdentifiers.StartTlsWithoutOption,
        "StartTls needs SecureTransport.StartTls",
        "StartTls is called on a socket opened with SecureTransport.{0}; open it with SecureTransport = SecureTransport.StartTls",
        Usage,
        DiagnosticSeverity.Error,
        "StartTls throws unless the socket was opened with the SecureTransport.StartTls option.");

    public static readonly DiagnosticDescriptor SocketUsedAfterStartTls = Create(
        RuleIdentifiers.SocketUsedAfterStartTls,
        "Do not use a socket after StartTls replaced it",
        "'{0}' was replaced by StartTls; use the socket StartTls returned",
        Usage,
        DiagnosticSeverity.Warning,
        "StartTls detaches the streams of the old socket; reading, writing or closing it afterwards fails.");

    public static readonly DiagnosticDescriptor SocketLeftOpen = Create(
        RuleIdentifiers.SocketLeftOpen,
        "Close every socket",
        "Socket '{0}' {1}",
        Reliability,
        DiagnosticSeverity.Warning,
        "A socket left open holds one of the request's 6 connections until the request ends, then it is aborted and logged as a leak.");

    public static readonly DiagnosticDescriptor TooManyOpenSockets = Create(
        RuleIdentifiers.TooManyOpenSockets,
        "Do not keep more than 6 sockets open in one request",
        "{0}; a request keeps at most 6 sockets open, the next connect waits until one closes and can deadlock",
        Reliability,
        DiagnosticSeverity.Warning,
        "A request has at most 6 simultaneous open sockets; a further connect is queued until one closes.");

    public static readonly DiagnosticDescriptor BlockingOnSocketTask = Create(
        RuleIdentifiers.BlockingOnSocketTask,
        "Do not block on socket tasks",
        "'{0}' blocks the thread on a socket task; await it instead",
        Reliability,
        DiagnosticSeverity.Warning,
        "Blocking on a socket task ties up a thread and can deadlock the request.");

    public static readonly DiagnosticDescriptor ConnectToHttpPort = Create(
        RuleIdentifiers.ConnectToHttpPort,
        "Use HttpClient for HTTP services",
        "Port {0} usually serves HTTP; use HttpClient instead of a raw socket",
        Usage,
        DiagnosticSeverity.Info,
        "A raw socket to an HTTP port re-implements HTTP; HttpClient handles it, and the platform suggests fetch for it.");

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string description)
        => new(id, title, message, category, severity, isEnabledByDefault: true, description, RuleIdentifiers.GetHelpUri(id));
}
