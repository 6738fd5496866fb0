using System.Reflection;
using System.Text.Json;
using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

/// <summary>
/// wrangler environments: a property for every binding any environment declares; <c>Bind</c> reads the selected
/// environment's declarations only (bindings are not inherited), chosen explicitly or by the host's environment name.
/// </summary>
public sealed class EnvironmentBindTests
{
    private const string Toml = """
        name = "shop"

        [vars]
        GREETING = "hello from the top level"
        LIMIT = 10

        [env.staging.vars]
        GREETING = "hello from staging"
        LIMIT = 2.5

        [env.production.vars]
        GREETING = "hello from production"
        LIMIT = 100
        ONLY_PROD = "p"

        [env.production.secrets]
        required = ["PROD_TOKEN"]
        """;

    private static readonly Type s_env = Compile(Toml);

    [Fact]
    public void Every_binding_of_every_environment_becomes_a_property_and_mixed_numbers_widen_to_double()
    {
        Assert.Equal(typeof(string), s_env.GetProperty("OnlyProd")!.PropertyType);
        Assert.Equal(NullabilityState.NotNull, new NullabilityInfoContext().Create(s_env.GetProperty("Greeting")!).ReadState);
        Assert.Equal(typeof(string), s_env.GetProperty("ProdToken")!.PropertyType);
        Assert.Equal(typeof(double), s_env.GetProperty("Limit")!.PropertyType);
    }

    [Fact]
    public void Without_a_selection_the_top_level_applies()
    {
        var env = Bind(new WorkerBindings(Only("ONLY_PROD", "PROD_TOKEN")));

        Assert.Equal("hello from the top level", Get(env, "Greeting"));
        Assert.Equal(10.0, Get(env, "Limit"));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("production")]
    public void The_host_environment_name_selects_the_environment_of_that_name_ignoring_case(string host)
    {
        var env = Bind(new WorkerBindings(name => name == "PROD_TOKEN" ? "t" : null) { HostEnvironmentName = host });

        Assert.Equal("hello from production", Get(env, "Greeting"));
        Assert.Equal(100.0, Get(env, "Limit"));
        Assert.Equal("p", Get(env, "OnlyProd"));
    }

    [Fact]
    public void A_host_environment_name_the_file_does_not_declare_means_the_top_level()
    {
        var env = Bind(new WorkerBindings(Only("ONLY_PROD", "PROD_TOKEN")) { HostEnvironmentName = "Development" });

        Assert.Equal("hello from the top level", Get(env, "Greeting"));
    }

    [Fact]
    public void An_explicit_environment_wins_over_the_host_environment_name()
    {
        var env = Bind(new WorkerBindings(Only("ONLY_PROD", "PROD_TOKEN")) { Environment = "staging", HostEnvironmentName = "Production" });

        Assert.Equal("hello from staging", Get(env, "Greeting"));
        Assert.Equal(2.5, Get(env, "Limit"));
    }

    [Fact]
    public void An_explicit_environment_the_file_does_not_declare_is_an_error_naming_the_declared_ones()
    {
        var error = BindFails(new WorkerBindings(Only("ONLY_PROD", "PROD_TOKEN")) { Environment = "prod" });

        var problem = Assert.Single(error.Problems);
        Assert.Contains("'prod'", problem, StringComparison.Ordinal);
        Assert.Contains("'staging', 'production'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binding_the_selected_environment_lacks_is_reported_missing_with_where_it_is_declared_unless_the_lookup_has_it()
    {
        var toml = """
            [vars]
            API_HOST = "api.example.com"
            [env.production.vars]
            OTHER = "x"
            """;
        var type = Compile(toml);

        var error = BindFails(new WorkerBindings(_ => null) { Environment = "production" }, type);

        Assert.Equal(
            "API_HOST (var): missing; the config file declares it only in the top level, not in [env.production], and bindings are not inherited",
            Assert.Single(error.Problems));
        Assert.Equal(NullabilityState.NotNull, new NullabilityInfoContext().Create(type.GetProperty("ApiHost")!).ReadState);
        var supplied = Bind(new WorkerBindings(name => name == "API_HOST" ? "from the lookup" : null) { Environment = "production" }, type);
        Assert.Equal("from the lookup", Get(supplied, "ApiHost"));
        Assert.Equal("x", Get(supplied, "Other"));
    }

    [Fact]
    public void A_missing_secret_of_the_selected_environment_is_reported_and_a_value_from_the_lookup_satisfies_an_undeclared_binding()
    {
        var missing = BindFails(new WorkerBindings(_ => null) { Environment = "production" });
        Assert.Equal("PROD_TOKEN (secret): missing", Assert.Single(missing.Problems));

        var env = Bind(new WorkerBindings(Only("ONLY_PROD", "PROD_TOKEN")));
        Assert.Equal("PROD_TOKEN", Get(env, "ProdToken"));
    }

    [Fact]
    public void Array_vars_become_typed_arrays_when_their_elements_agree_and_a_json_element_otherwise()
    {
        var type = Compile("""
            [vars]
            ALLOWED_ORIGINS = ["https://a.example", "https://b.example"]
            PORTS = [80, 443]
            WEIGHTS = [1, 2.5]
            FLAGS = [true, false]
            MIXED = ["a", 1]
            """);

        var env = Bind(new WorkerBindings(name => name == "PORTS" ? "[5432]" : null), type);

        Assert.Equal(new[] { "https://a.example", "https://b.example" }, Get(env, "AllowedOrigins"));
        Assert.Equal(new long[] { 5432 }, Get(env, "Ports"));
        Assert.Equal(new[] { 1.0, 2.5 }, Get(env, "Weights"));
        Assert.Equal(new[] { true, false }, Get(env, "Flags"));
        Assert.Equal(JsonValueKind.Array, ((JsonElement)Get(env, "Mixed")!).ValueKind);
        Assert.Contains("AllowedOrigins = [https://a.example, https://b.example]", env.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_array_var_set_to_a_value_that_is_not_a_json_array_of_its_type_is_a_problem()
    {
        var type = Compile("[vars]\nPORTS = [80, 443]\n");

        var error = BindFails(new WorkerBindings(name => name == "PORTS" ? "[\"http\"]" : null), type);

        Assert.StartsWith("PORTS (var): not a JSON array of the expected elements", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_Var_attribute_chooses_int_for_a_config_integer_and_Bind_checks_the_range()
    {
        var (_, output) = GeneratorHarness.Run(
            "using WorkerSockets;\n[WorkerEnv] public partial class Env { [Var(\"PORT\")] public partial int Port { get; } }",
            ("/p/wrangler.toml", "[vars]\nPORT = 5432\n"));
        Assert.Empty(GeneratorHarness.Errors(output));
        var type = UnboundPropertyTests.Load(output).GetType("Env")!;

        Assert.Equal(typeof(int), type.GetProperty("Port")!.PropertyType);
        Assert.Equal(5432, Get(Bind(new WorkerBindings(_ => null), type), "Port"));
        var error = BindFails(new WorkerBindings(name => name == "PORT" ? "99999999999" : null), type);
        Assert.Equal("PORT (var): '99999999999' is not a 32-bit integer", Assert.Single(error.Problems));
    }

    [Fact]
    public void Jsonc_environments_work_as_toml_ones()
    {
        var type = Compile("""
            {
              "vars": { "API_HOST": "top" },
              // per environment
              "env": { "staging": { "vars": { "API_HOST": "staging", "ORIGINS": ["a", "b"] } } }
            }
            """, "wrangler.jsonc");

        var env = Bind(new WorkerBindings(_ => null) { HostEnvironmentName = "Staging" }, type);

        Assert.Equal("staging", Get(env, "ApiHost"));
        Assert.Equal(new[] { "a", "b" }, Get(env, "Origins"));
        Assert.StartsWith("ORIGINS (var): missing; the config file declares it only in [env.staging], not in the top level", Assert.Single(BindFails(new WorkerBindings(_ => null), type).Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_array_in_one_environment_takes_the_element_type_of_the_others()
    {
        var type = Compile("[vars]\nRETRY_DELAYS = []\n[env.production.vars]\nRETRY_DELAYS = [100, 250]\n[env.staging.vars]\nRETRY_DELAYS = []\n");

        Assert.Equal(typeof(long[]), type.GetProperty("RetryDelays")!.PropertyType);
        Assert.Equal(new long[] { 100, 250 }, Get(Bind(new WorkerBindings(_ => null) { Environment = "production" }, type), "RetryDelays"));
        Assert.Equal(System.Array.Empty<long>(), Get(Bind(new WorkerBindings(_ => null), type), "RetryDelays"));
    }

    [Fact]
    public void An_object_var_whose_environments_differ_gets_one_record_that_holds_each_environments_value()
    {
        var type = Compile("""
            [vars]
            FEATURES = { search = true, max_results = 10, limits = { burst = 1 } }
            [env.production.vars]
            FEATURES = { search = "auto", max_results = 25.5, limits = { burst = 2, window = "1m" }, banner = "off" }
            """);

        var top = Get(Bind(new WorkerBindings(_ => null), type), "Features")!;
        var production = Get(Bind(new WorkerBindings(_ => null) { Environment = "production" }, type), "Features")!;

        Assert.Equal((10.0, "", 1L), (Get(top, "MaxResults"), Get(top, "Banner"), Get(Get(top, "Limits")!, "Burst")));
        Assert.Equal((25.5, "off", "1m"), (Get(production, "MaxResults"), Get(production, "Banner"), Get(Get(production, "Limits")!, "Window")));
        Assert.Equal(typeof(JsonElement), top.GetType().GetProperty("Search")!.PropertyType);
        Assert.Equal("auto", ((JsonElement)Get(production, "Search")!).GetString());
    }

    private static Type Compile(string toml, string file = "wrangler.toml")
    {
        var (_, output) = GeneratorHarness.Run("using WorkerSockets;\n[WorkerEnv] public partial class Env { }", ($"/p/{file}", toml));
        Assert.Empty(GeneratorHarness.Errors(output));
        return UnboundPropertyTests.Load(output).GetType("Env")!;
    }

    private static object Bind(WorkerBindings bindings, Type? type = null)
    {
        try
        {
            return (type ?? s_env).GetMethod("Bind", [typeof(WorkerBindings)])!.Invoke(null, [bindings])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    /// <summary>A lookup that has only the given bindings, each with its own name as its value.</summary>
    private static Func<string, string?> Only(params string[] names) => name => names.Contains(name) ? name : null;

    private static WorkerBindingException BindFails(WorkerBindings bindings, Type? type = null) =>
        Assert.Throws<WorkerBindingException>(() => Bind(bindings, type));

    private static object? Get(object env, string property) => env.GetType().GetProperty(property)!.GetValue(env);
}
