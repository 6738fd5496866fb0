using WorkerSockets.Generators.Config;
using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Tests;

public sealed class ConfigReaderTests
{
    [Fact]
    public void Toml_reader_handles_the_string_number_and_key_forms_wrangler_files_use()
    {
        var toml = """"
            # comment
            [vars]
            BASIC = "tab\there \u00e9 \U0001F600"
            LITERAL = 'C:\path'
            MULTI = """
            line one
            line two"""
            LIT_MULTI = '''
            raw \n'''
            HEX = 0xFF
            OCT = 0o17
            BIN = 0b101
            BIG = 1_000_000
            NEG = -12
            EXP = 6.02e23
            "QUOTED_KEY" = true
            dotted.inner = 1
            """";

        var model = WranglerConfig.Read("/p/wrangler.toml", toml);

        Assert.Empty(model.Problems);
        var values = model.Bindings.ToDictionary(b => b.BindingName, b => b.DefaultValue);
        Assert.Equal("tab\there \u00e9 \U0001F600", values["BASIC"]);
        Assert.Equal("C:\\path", values["LITERAL"]);
        Assert.Equal("line one\nline two", values["MULTI"]);
        Assert.Equal("raw \\n", values["LIT_MULTI"]);
        Assert.Equal("255", values["HEX"]);
        Assert.Equal("15", values["OCT"]);
        Assert.Equal("5", values["BIN"]);
        Assert.Equal("1000000", values["BIG"]);
        Assert.Equal("-12", values["NEG"]);
        Assert.Equal("6.02E+23", values["EXP"]);
        Assert.Equal("true", values["QUOTED_KEY"]);
        Assert.Equal("{\"inner\":1}", values["dotted"]);
    }

    [Fact]
    public void Toml_and_jsonc_describe_the_same_bindings()
    {
        var toml = "[vars]\nA = \"x\"\nN = 2\n[[hyperdrive]]\nbinding = \"DB\"\nid = \"1\"\n[secrets]\nrequired = [\"S\"]\n";
        var jsonc = "{ /* c */ \"vars\": { \"A\": \"x\", \"N\": 2, }, \"hyperdrive\": [{ \"binding\": \"DB\", \"id\": \"1\" }], // c\n \"secrets\": { \"required\": [\"S\"] } }";

        var fromToml = WranglerConfig.Read("/p/wrangler.toml", toml);
        var fromJsonc = WranglerConfig.Read("/p/wrangler.jsonc", jsonc);

        Assert.Equal(
            fromToml.Bindings.Select(b => (b.BindingName, b.Kind, b.Type, b.DefaultValue)),
            fromJsonc.Bindings.Select(b => (b.BindingName, b.Kind, b.Type, b.DefaultValue)));
        Assert.Equal(["A", "N", "DB", "S"], fromToml.Bindings.Select(b => b.BindingName));
    }

    [Theory]
    [InlineData("API_HOST", "ApiHost")]
    [InlineData("HYPERDRIVE", "Hyperdrive")]
    [InlineData("apiHost", "ApiHost")]
    [InlineData("max_rows", "MaxRows")]
    [InlineData("_PRIVATE_KEY", "PrivateKey")]
    [InlineData("V2_URL", "V2Url")]
    [InlineData("2FA", "_2fa")]
    public void Binding_names_map_to_PascalCase_properties(string name, string property)
    {
        Assert.Equal(property, Naming.ToPascalCase(name));
    }

    [Theory]
    [InlineData("[vars]\n[vars]\n", 1, 0)]
    [InlineData("a = 1\na.b = 2\n", 1, 0)]
    [InlineData("x = 01\n", 0, 4)]
    [InlineData("x = \"\\q\"\n", 0, 5)]
    [InlineData("x = [1, 2\n", 1, 0)]
    [InlineData("x = { a = 1, }\n", 0, 13)]
    [InlineData("x = 1 y = 2\n", 0, 6)]
    [InlineData("[[a]]\n[a]\n", 1, 0)]
    [InlineData("x = 0o9\n", 0, 4)]
    [InlineData("x = -0xFF\n", 0, 4)]
    [InlineData("x = 1__0\n", 0, 4)]
    [InlineData("[vars]\nA = 1\nB = \"\\q\"\n", 2, 5)]
    public void Toml_reader_rejects_invalid_documents_at_the_offending_position(string toml, int line, int column)
    {
        var problem = Assert.Single(WranglerConfig.Read("/p/wrangler.toml", toml).Problems);

        Assert.Equal("WSK105", problem.RuleId);
        Assert.Equal((line, column), (problem.Line, problem.Column));
    }

    [Theory]
    [InlineData("{ \"a\": 01 }", 0, 7)]
    [InlineData("{ 'a': 1 }", 0, 2)]
    [InlineData("{ \"a\": tru }", 0, 7)]
    [InlineData("{ \"a\": 1 } x", 0, 11)]
    [InlineData("{ \"a\": \"x }", 0, 11)]
    [InlineData("{ \"a\": \"\\q\" }", 0, 8)]
    [InlineData("{\n  \"a\": 1,\n  \"b\": x\n}", 2, 7)]
    [InlineData("/* open", 0, 0)]
    [InlineData("", 0, 0)]
    public void Jsonc_reader_rejects_invalid_documents_at_the_offending_position(string jsonc, int line, int column)
    {
        var problem = Assert.Single(WranglerConfig.Read("/p/wrangler.jsonc", jsonc).Problems);

        Assert.Equal("WSK105", problem.RuleId);
        Assert.Equal((line, column), (problem.Line, problem.Column));
    }

    [Fact]
    public void The_json_file_wins_over_jsonc_and_toml_as_in_wrangler()
    {
        var chosen = WorkerSocketsGenerator.Choose(
        [
            WranglerConfig.Read("/p/wrangler.toml", "[vars]\nA = \"toml\""),
            WranglerConfig.Read("/p/wrangler.json", "{ \"vars\": { \"A\": \"json\" } }"),
            WranglerConfig.Read("/p/wrangler.jsonc", "{ \"vars\": { \"A\": \"jsonc\" } }"),
        ]);

        Assert.Equal("json", chosen!.Bindings.Single().DefaultValue);
    }

    [Theory]
    [InlineData("2024-10-01", "2024-10-01")]
    [InlineData("1979-05-27T07:32:00Z", "1979-05-27T07:32:00.000Z")]
    [InlineData("1979-05-27 07:32:00.999999-07:00", "1979-05-27T07:32:00.999-07:00")]
    [InlineData("1979-05-27t07:32:00", "1979-05-27T07:32:00.000")]
    [InlineData("07:32:00.5", "07:32:00.500")]
    public void A_toml_date_time_var_is_the_string_wrangler_uploads_for_it(string token, string expected)
    {
        var model = WranglerConfig.Read("/p/wrangler.toml", $"[vars]\nWHEN = {token}\n");

        Assert.Empty(model.Problems);
        var binding = Assert.Single(model.Bindings);
        Assert.Equal((BindingType.String, expected), (binding.Type, binding.DefaultValue));
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2024-13-01")]
    [InlineData("24:00:00")]
    [InlineData("07:32:00Z")]
    [InlineData("2024-10-01T09:00:00+25:00")]
    public void An_impossible_toml_date_time_is_a_syntax_error_at_the_value(string token)
    {
        var problem = Assert.Single(WranglerConfig.Read("/p/wrangler.toml", $"[vars]\nWHEN = {token}\n").Problems);

        Assert.Equal(($"invalid date-time '{token}'", 1, 7), (problem.Message, problem.Line, problem.Column));
    }

    [Theory]
    [InlineData("vars = {\n  A = \"x\"\n}\n", "TOML inline tables must stay on one line; use a [table] section for a value over several lines", 0, 8)]
    [InlineData("vars = { A = \"x\",\n  B = \"y\" }\n", "TOML inline tables must stay on one line; use a [table] section for a value over several lines", 0, 17)]
    [InlineData("vars = { A = \"x\", }\n", "TOML does not allow a trailing comma in an inline table", 0, 18)]
    public void Json_habits_in_a_toml_inline_table_are_named_at_their_position(string toml, string message, int line, int column)
    {
        var problem = Assert.Single(WranglerConfig.Read("/p/wrangler.toml", toml).Problems);

        Assert.Equal((message, line, column), (problem.Message, problem.Line, problem.Column));
    }
}
