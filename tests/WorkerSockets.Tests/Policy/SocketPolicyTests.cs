using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WorkerSockets.Policy;

namespace WorkerSockets.Tests.Policy;

public sealed class SocketPolicyTests
{
    private const string DeniedPrefix = "The destination is not allowed by the socket policy: it is ";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A resolver for tests where numeric hosts must never reach DNS.</summary>
    private static readonly SocketPolicy ProductionWithoutDns =
        SocketPolicy.Production.WithResolver((name, _) => throw new InvalidOperationException($"resolver called for {name}"));

    /// <summary>Every denied range, in the forms an attacker would try. The SSRF matrix of design.md.</summary>
    public static TheoryData<string> DeniedInProduction => new()
    {
        // IPv4 ranges
        "127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
        "192.168.0.1", "192.168.255.255", "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.254", "192.0.0.8",
        "198.18.0.1", "198.19.255.255", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",

        // numeric tricks for loopback and the metadata service
        "2130706433", "017700000001", "0x7f000001", "0X7F000001", "0x7f.1", "127.1", "127.0.1", "0177.0.0.1", "0177.0.0.01",
        "0x7F.0x0.0x0.0x1", "127.0.0.1.", "127.1.", "0", "0x0", "00", "0.0", "167772161", "0xa9.0xfe.0xa9.0xfe", "2852039166",
        "0251.0376.0251.0376", "169.254.43518", "0xa9fea9fe", "3232235777", "0300.0250.1.1",

        // IPv6 ranges, bracketed and zoned forms
        "::1", "[::1]", "0:0:0:0:0:0:0:1", "0000:0000:0000:0000:0000:0000:0000:0001", "::", "[::]", "fc00::1",
        "fd12:3456:789a::1", "FD00::1", "fe80::1", "fe80::1%eth0", "[fe80::1%eth0]", "fe80::1%25eth0", "fe80::1%1",
        "febf:ffff::1", "fec0::1", "ff02::1", "ff05::1:3", "100::1", "fe00::1", "1::1", "4000::1", "e000::1",

        // IPv4 inside IPv6: mapped, compatible, translated, NAT64, 6to4, Teredo
        "::ffff:127.0.0.1", "[::ffff:127.0.0.1]", "::ffff:7f00:1", "::FFFF:7F00:0001", "0:0:0:0:0:ffff:7f00:1",
        "::ffff:169.254.169.254", "::ffff:a9fe:a9fe", "::ffff:10.0.0.1", "::ffff:192.168.1.1", "::ffff:100.64.0.1",
        "::ffff:0.0.0.0", "::ffff:255.255.255.255", "::127.0.0.1", "::7f00:1", "::8.8.8.8", "::ffff:0:127.0.0.1",
        "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1", "64:ff9b:1::1", "2002:7f00:1::", "2002:a9fe:a9fe::1",
        "2002:c0a8:101::1", "2001:0:4136:e378:8000:63bf:80ff:fffe",

        // look like numbers, are not: never handed to a resolver
        "256.0.0.1", "1.2.3.4.5", "0x100000000", "4294967296", "08.0.0.1", "127.0.0.1..", "foo.123", "[::1",
        "::1::", "[fe80::1%]", "example..com", ".example.com", "exa mple.com",
    };

    public static TheoryData<string, string> AllowedInProduction => new()
    {
        { "8.8.8.8", "8.8.8.8" },
        { "1.1.1.1", "1.1.1.1" },
        { "134744072", "8.8.8.8" },
        { "0x08080808", "8.8.8.8" },
        { "010.010.010.010", "8.8.8.8" },
        { "8.8.8.8.", "8.8.8.8" },
        { "::ffff:8.8.8.8", "8.8.8.8" },
        { "[::ffff:808:808]", "8.8.8.8" },
        { "2606:4700:4700::1111", "2606:4700:4700::1111" },
        { "[2606:4700:4700::1111]", "2606:4700:4700::1111" },
        { "64:ff9b::8.8.8.8", "64:ff9b::808:808" },
        { "2002:808:808::1", "2002:808:808::1" },
        { "100.63.255.255", "100.63.255.255" },
        { "100.128.0.0", "100.128.0.0" },
        { "172.15.255.255", "172.15.255.255" },
        { "172.32.0.0", "172.32.0.0" },
        { "223.255.255.255", "223.255.255.255" },
        { "9.255.255.255", "9.255.255.255" },
        { "11.0.0.0", "11.0.0.0" },
        { "126.255.255.255", "126.255.255.255" },
        { "128.0.0.0", "128.0.0.0" },
        { "169.253.255.255", "169.253.255.255" },
        { "169.255.0.0", "169.255.0.0" },
        { "192.167.255.255", "192.167.255.255" },
        { "192.169.0.0", "192.169.0.0" },
        { "192.0.1.0", "192.0.1.0" },
        { "198.17.255.255", "198.17.255.255" },
        { "198.20.0.0", "198.20.0.0" },
        { "2000::1", "2000::1" },
        { "3fff:ffff::1", "3fff:ffff::1" },
        { "2001:0:4136:e378:8000:63bf:f7f7:f7f7", "2001:0:4136:e378:8000:63bf:f7f7:f7f7" },
    };

    public static TheoryData<string> AllowedInDevelopment => new()
    {
        "127.0.0.1", "127.1", "2130706433", "::1", "[::1]", "10.0.0.1", "172.16.0.1", "192.168.1.1", "::ffff:127.0.0.1",
        "fd00::1", "fe80::1%1",
    };

    [Theory]
    [MemberData(nameof(DeniedInProduction))]
    public async Task Production_denies_internal_destinations_in_every_form(string host)
    {
        var ex = await Assert.ThrowsAsync<SocketPolicyException>(
            () => ProductionWithoutDns.ResolveAllowedAsync(host, CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.StartsWith(DeniedPrefix, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("10.1.2.3", "a private address (RFC 1918)")]
    [InlineData("192.168.0.1", "a private address (RFC 1918)")]
    [InlineData("::ffff:172.16.0.1", "a private address (RFC 1918)")]
    [InlineData("169.254.169.254", "the cloud metadata address")]
    [InlineData("169.254.0.1", "a link-local address")]
    [InlineData("fe80::1", "a link-local address")]
    [InlineData("100.64.0.1", "a shared address (CGNAT, 100.64.0.0/10)")]
    [InlineData("fd00::1", "a unique local address (fc00::/7)")]
    [InlineData("0.0.0.0", "an address of 0.0.0.0/8 (\"this network\")")]
    [InlineData("::", "the unspecified address")]
    [InlineData("224.0.0.1", "a multicast address")]
    public async Task A_denial_says_what_kind_of_address_was_denied_without_the_address(string host, string kind)
    {
        var ex = await Assert.ThrowsAsync<SocketPolicyException>(
            () => ProductionWithoutDns.ResolveAllowedAsync(host, CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Equal(DeniedPrefix + kind + ".", ex.Message);
    }

    [Theory]
    [MemberData(nameof(AllowedInProduction))]
    public async Task Production_allows_public_destinations_and_returns_the_normalised_address(string host, string expected)
    {
        var addresses = await ProductionWithoutDns.ResolveAllowedAsync(host, CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Equal([IPAddress.Parse(expected)], addresses);
    }

    [Theory]
    [MemberData(nameof(AllowedInDevelopment))]
    public async Task Development_allows_loopback_and_private_destinations(string host)
    {
        var policy = SocketPolicy.Development.WithResolver((name, _) => throw new InvalidOperationException(name));
        var addresses = await policy.ResolveAllowedAsync(host, CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Single(addresses);
    }

    [Fact]
    public async Task Development_keeps_a_numeric_zone_ID_as_the_scope()
    {
        var addresses = await SocketPolicy.Development.ResolveAllowedAsync("fe80::1%3", CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Equal(3, Assert.Single(addresses).ScopeId);
    }

    [Fact]
    public async Task Production_denies_localhost_resolved_by_the_system()
    {
        var ex = await Assert.ThrowsAsync<SocketPolicyException>(
            () => SocketPolicy.Production.ResolveAllowedAsync("localhost", CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.StartsWith(DeniedPrefix, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_allows_localhost_resolved_by_the_system()
    {
        var addresses = await SocketPolicy.Development.ResolveAllowedAsync("localhost", CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.NotEmpty(addresses);
        Assert.All(addresses, address => Assert.True(IPAddress.IsLoopback(address), address.ToString()));
    }

    [Fact]
    public async Task A_hostname_is_resolved_once_and_the_checked_addresses_are_returned()
    {
        var calls = new List<string>();
        var policy = SocketPolicy.Production.WithResolver((name, _) =>
        {
            lock (calls)
            {
                calls.Add(name);
            }

            return Task.FromResult(new[] { IPAddress.Parse("93.184.215.14"), IPAddress.Parse("2606:2800:21f:cb07:6820:80da:af6b:8b2c") });
        });

        var addresses = await policy.ResolveAllowedAsync("db.example.com", CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal(["db.example.com"], calls);
        Assert.Equal([IPAddress.Parse("93.184.215.14"), IPAddress.Parse("2606:2800:21f:cb07:6820:80da:af6b:8b2c")], addresses);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("10.1.2.3")]
    [InlineData("::1")]
    [InlineData("::ffff:192.168.0.1")]
    [InlineData("fd00::5")]
    public async Task A_hostname_with_any_denied_address_among_its_answers_is_denied(string internalAddress)
    {
        // DNS rebinding: one public answer next to an internal one must not let the name through.
        var policy = SocketPolicy.Production.WithResolver(
            (_, _) => Task.FromResult(new[] { IPAddress.Parse("93.184.215.14"), IPAddress.Parse(internalAddress) }));

        var ex = await Assert.ThrowsAsync<SocketPolicyException>(
            () => policy.ResolveAllowedAsync("rebind.example.com", CancellationToken.None).AsTask().WaitAsync(Timeout));

        Assert.StartsWith(DeniedPrefix, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(internalAddress, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_mapped_answer_is_returned_as_the_IPv4_address_that_was_checked()
    {
        var policy = SocketPolicy.Production.WithResolver((_, _) => Task.FromResult(new[] { IPAddress.Parse("::ffff:8.8.4.4") }));
        var addresses = await policy.ResolveAllowedAsync("dns.example.com", CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Equal([IPAddress.Parse("8.8.4.4")], addresses);
    }

    [Fact]
    public async Task A_trailing_dot_is_dropped_before_resolving()
    {
        string? asked = null;
        var policy = SocketPolicy.Production.WithResolver((name, _) =>
        {
            asked = name;
            return Task.FromResult(new[] { IPAddress.Parse("8.8.8.8") });
        });

        await policy.ResolveAllowedAsync("db.example.com.", CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Equal("db.example.com", asked);
    }

    [Fact]
    public async Task A_name_with_no_addresses_is_host_not_found()
    {
        var policy = SocketPolicy.Production.WithResolver((_, _) => Task.FromResult(Array.Empty<IPAddress>()));
        var ex = await Assert.ThrowsAsync<SocketException>(
            () => policy.ResolveAllowedAsync("nothing.example.com", CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Equal(SocketError.HostNotFound, ex.SocketErrorCode);
    }

    [Fact]
    public async Task The_resolver_receives_the_callers_cancellation_token()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var policy = SocketPolicy.Production.WithResolver((_, token) => Task.FromCanceled<IPAddress[]>(token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => policy.ResolveAllowedAsync("slow.example.com", cts.Token).AsTask().WaitAsync(Timeout));
    }

    [Theory]
    [InlineData("smtp.example.com:25")]
    [InlineData("smtp.example.com:025")]
    [InlineData("smtp.example.com:0000000000025")]
    [InlineData("127.0.0.1:25")]
    [InlineData("[::1]:25")]
    [InlineData("[2001:db8::25]:0025")]
    [InlineData("2130706433:25")]
    public void Port_25_in_every_address_form_is_refused_by_both_policies(string address)
    {
        var (_, port) = AddressParser.Parse(address);
        foreach (var policy in new[] { SocketPolicy.Production, SocketPolicy.Development })
        {
            var ex = Assert.Throws<SocketPolicyException>(() => policy.EnsurePortAllowed(port));
            Assert.Contains("25", ex.Message, StringComparison.Ordinal);
            Assert.Contains("587", ex.Message, StringComparison.Ordinal);
            Assert.Contains("465", ex.Message, StringComparison.Ordinal);
            Assert.Contains("email API", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Port_25_as_a_number_is_refused_and_the_exception_is_an_InvalidOperationException()
    {
        var ex = Assert.Throws<SocketPolicyException>(() => SocketPolicy.Production.EnsurePortAllowed(25));
        Assert.IsAssignableFrom<InvalidOperationException>(ex);
        Assert.Equal(new[] { 25 }, SocketPolicy.Production.BlockedPorts);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(24)]
    [InlineData(26)]
    [InlineData(465)]
    [InlineData(587)]
    [InlineData(2525)]
    [InlineData(65535)]
    public void Other_ports_are_allowed(int port)
    {
        SocketPolicy.Production.EnsurePortAllowed(port);
        SocketPolicy.Development.EnsurePortAllowed(port);
    }

    [Fact]
    public void Production_and_Development_differ_only_in_private_networks()
    {
        Assert.False(SocketPolicy.Production.AllowPrivateNetworks);
        Assert.True(SocketPolicy.Development.AllowPrivateNetworks);
        Assert.Empty(SocketPolicy.Production.TrustedRoots);
        Assert.Empty(SocketPolicy.Development.TrustedRoots);
    }

    [Fact]
    public void WithTrustedRoots_returns_a_copy_and_leaves_the_original_unchanged()
    {
        using var root = CreateRoot("CN=WorkerSockets test root");
        var policy = SocketPolicy.Development.WithTrustedRoots(root);

        Assert.NotSame(SocketPolicy.Development, policy);
        Assert.Empty(SocketPolicy.Development.TrustedRoots);
        Assert.Equal(root.Thumbprint, Assert.Single(policy.TrustedRoots).Thumbprint);
        Assert.True(policy.AllowPrivateNetworks);

        using var second = CreateRoot("CN=WorkerSockets second root");
        var both = policy.WithTrustedRoots(second);
        Assert.Equal(2, both.TrustedRoots.Count);
        Assert.Single(policy.TrustedRoots);
    }

    [Fact]
    public void TrustedRoots_cannot_be_changed_through_the_returned_collection()
    {
        using var root = CreateRoot("CN=WorkerSockets injected root");
        SocketPolicy.Production.TrustedRoots.Add(root);
        Assert.Empty(SocketPolicy.Production.TrustedRoots);
    }

    private static X509Certificate2 CreateRoot(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}
