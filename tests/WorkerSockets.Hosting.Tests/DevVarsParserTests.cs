using WorkerSockets.Hosting.DevVars;

namespace WorkerSockets.Hosting.Tests;

public sealed class DevVarsParserTests
{
    [Fact]
    public void Reads_key_value_lines_and_skips_comments_and_blank_lines()
    {
        var vars = DevVarsParser.Parse("# secrets\n\nAPI_HOST=example.com\nDB_PASSWORD = s3cret  # trailing comment\n");

        Assert.Equal(2, vars.Count);
        Assert.Equal("example.com", vars["API_HOST"]);
        Assert.Equal("s3cret", vars["DB_PASSWORD"]);
    }

    [Theory]
    [InlineData("A='single # not a comment'", "single # not a comment")]
    [InlineData("A=\"double\"", "double")]
    [InlineData("A=`back`", "back")]
    [InlineData("A=\"line1\\nline2\"", "line1\nline2")]
    [InlineData("A='line1\\nline2'", "line1\\nline2")]
    [InlineData("A=", "")]
    [InlineData("export A=exported", "exported")]
    [InlineData("A: colon", "colon")]
    [InlineData("A=unquoted = with equals", "unquoted = with equals")]
    public void Reads_values_as_dotenv_does(string line, string expected)
        => Assert.Equal(expected, DevVarsParser.Parse(line)["A"]);

    [Fact]
    public void Quoted_values_may_span_lines_and_crlf_files_read_the_same()
    {
        var vars = DevVarsParser.Parse("KEY=\"-----BEGIN-----\r\nabc\r\n-----END-----\"\r\nNEXT=1\r\n");

        Assert.Equal("-----BEGIN-----\nabc\n-----END-----", vars["KEY"]);
        Assert.Equal("1", vars["NEXT"]);
    }

    [Fact]
    public void Last_of_repeated_keys_wins()
        => Assert.Equal("second", DevVarsParser.Parse("A=first\nA=second")["A"]);
}
