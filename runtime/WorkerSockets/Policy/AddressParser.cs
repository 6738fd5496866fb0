namespace WorkerSockets.Policy;

/// <summary>Parses <c>connect()</c> address strings with workerd's rules and messages.</summary>
internal static class AddressParser
{
    /// <summary>Splits <c>host:port</c> or <c>[v6]:port</c>; throws <see cref="ArgumentException"/> with the design's messages.</summary>
    public static (string Host, int Port) Parse(string address) => throw new NotImplementedException();

    /// <summary>Checks a host name given apart from its port (<c>Connect(host, port)</c>, <see cref="System.Net.DnsEndPoint"/>).</summary>
    public static void ValidateHostname(string hostname) => throw new NotImplementedException();
}
