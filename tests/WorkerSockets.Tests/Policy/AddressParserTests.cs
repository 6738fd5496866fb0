using WorkerSockets.Policy;

namespace WorkerSockets.Tests.Policy;

public sealed class AddressParserTests
{
    public static TheoryData<string, string, int> ValidAddresses => new()
    {
        { "example.com:5432", "example.com", 5432 },
        { "[::1]:5432", "::1", 5432 },
        { "127.0.0.1:80", "127.0.0.1", 80 },
        { "db.internal:0", "db.internal", 0 },
        { "host:65535", "host", 65535 },
        { "host:0080", "host", 80 },
        { "host:000000000000000000000443", "host", 443 },
        { "Example.COM:1", "Example.COM", 1 },
        { "a_b-c.d:7", "a_b-c.d", 7 },
        { "[0:0:0:0:0:0:0:1]:1", "::1", 1 },
        { "[2001:DB8::1]:443", "2001:db8::1", 443 },
        { "[::ffff:127.0.0.1]:80", "::ffff:7f00:1", 80 },
        { "[1:0:0:2:0:0:0:3]:9", "1:0:0:2::3", 9 },
        { "[1:0:0:0:1:0:0:0]:9", "1::1:0:0:0", 9 },
        { "[0:0:1:0:0:0:0:0]:9", "0:0:1::", 9 },
        { "[1:2:3:4:5:6:7:0]:9", "1:2:3:4:5:6:7:0", 9 },
        { "[::ffff:1.2.3.4]:9", "::ffff:102:304", 9 },
        { "[0001:0DB8:0000:0000:0000:0000:0000:0001]:9", "1:db8::1", 9 },
        { "2130706433:80", "2130706433", 80 },
        { "0x7f.1:80", "0x7f.1", 80 },
        { "example.com.:6379", "example.com.", 6379 },
    };

    public static TheoryData<string, string> InvalidAddresses => new()
    {
        { "example.com", AddressParser.MissingPortMessage },
        { "example.com:", AddressParser.MissingPortMessage },
        { "127.0.0.1", AddressParser.MissingPortMessage },
        { "[::1]", AddressParser.MissingPortMessage },
        { "[::1]:", AddressParser.MissingPortMessage },
        { "/path", AddressParser.MissingHostnameMessage },
        { "?query", AddressParser.MissingHostnameMessage },
        { "   ", AddressParser.MissingHostnameMessage },
        { ":5432", AddressParser.CouldNotBeParsedMessage },
        { "example.com:65536", AddressParser.CouldNotBeParsedMessage },
        { "example.com:99999999999999999999", AddressParser.CouldNotBeParsedMessage },
        { "example.com:-1", AddressParser.CouldNotBeParsedMessage },
        { "example.com:+80", AddressParser.CouldNotBeParsedMessage },
        { "example.com:0x50", AddressParser.CouldNotBeParsedMessage },
        { "example.com:80x", AddressParser.CouldNotBeParsedMessage },
        { "example.com: 80", AddressParser.CouldNotBeParsedMessage },
        { "::1:5432", AddressParser.CouldNotBeParsedMessage },
        { "[::1:5432", AddressParser.CouldNotBeParsedMessage },
        { "[::1]]:80", AddressParser.CouldNotBeParsedMessage },
        { "[]:80", AddressParser.CouldNotBeParsedMessage },
        { "[fe80::1%eth0]:80", AddressParser.CouldNotBeParsedMessage },
        { "[::1.2.3.04]:80", AddressParser.CouldNotBeParsedMessage },
        { "[1:2:3:4:5:6:7:8:9]:80", AddressParser.CouldNotBeParsedMessage },
        { "[example.com]:80", AddressParser.CouldNotBeParsedMessage },
        { "exa mple.com:80", AddressParser.CouldNotBeParsedMessage },
        { " example.com:80", AddressParser.CouldNotBeParsedMessage },
        { "a<b:80", AddressParser.CouldNotBeParsedMessage },
        { "a[b]:80", AddressParser.CouldNotBeParsedMessage },
        { "user@", AddressParser.CouldNotBeParsedMessage },
        { "user@:80", AddressParser.CouldNotBeParsedMessage },
        { "", AddressParser.InvalidHostMessage },
        { "ex\u00e4mple.com:80", AddressParser.InvalidHostMessage },
        { "example.com:80/path", AddressParser.InvalidHostMessage },
        { "example.com:80?x=1", AddressParser.InvalidHostMessage },
        { "example.com:80#f", AddressParser.InvalidHostMessage },
        { "user@example.com:80", AddressParser.InvalidHostMessage },
        { "example.com:80 ", AddressParser.InvalidHostMessage },
        { "exa\tmple.com:80", AddressParser.InvalidHostMessage },
        { "%41:80", AddressParser.InvalidHostMessage },
        { new string('a', 253) + ":80", AddressParser.InvalidHostMessage },
    };

    [Theory]
    [MemberData(nameof(ValidAddresses))]
    public void Parse_splits_host_and_port(string address, string host, int port)
    {
        Assert.Equal((host, port), AddressParser.Parse(address));
    }

    [Theory]
    [MemberData(nameof(InvalidAddresses))]
    public void Parse_throws_ArgumentException_with_workerds_message(string address, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => AddressParser.Parse(address));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Parse_accepts_exactly_255_characters()
    {
        var host = new string('a', 252);
        Assert.Equal((host, 80), AddressParser.Parse(host + ":80"));
    }

    [Fact]
    public void Parse_checks_the_port_before_the_characters()
    {
        // workerd's order: URL parse, hostname, port, then characters — so a bad character with no port is "missing port".
        var ex = Assert.Throws<ArgumentException>(() => AddressParser.Parse("ex\u00e4mple.com"));
        Assert.Equal(AddressParser.MissingPortMessage, ex.Message);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("[2001:db8::1]")]
    [InlineData("db_1.internal")]
    public void ValidateHostname_accepts_names_and_literals(string hostname)
    {
        AddressParser.ValidateHostname(hostname);
    }

    [Theory]
    [InlineData("", AddressParser.MissingHostnameMessage)]
    [InlineData("exa mple.com", AddressParser.InvalidHostMessage)]
    [InlineData("example.com/x", AddressParser.InvalidHostMessage)]
    [InlineData("fe80::1%eth0", AddressParser.InvalidHostMessage)]
    [InlineData("[::1", AddressParser.CouldNotBeParsedMessage)]
    [InlineData("::1::2", AddressParser.CouldNotBeParsedMessage)]
    [InlineData("example.com:80", AddressParser.CouldNotBeParsedMessage)]
    public void ValidateHostname_throws_the_documented_message(string hostname, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => AddressParser.ValidateHostname(hostname));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void ValidateHostname_refuses_more_than_255_characters()
    {
        var ex = Assert.Throws<ArgumentException>(() => AddressParser.ValidateHostname(new string('a', 256)));
        Assert.Equal(AddressParser.InvalidHostMessage, ex.Message);
    }
}
