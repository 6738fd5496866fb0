using WorkerSockets.Package.Tests.Infrastructure;

namespace WorkerSockets.Package.Tests;

/// <summary>Test 2: wrangler.toml in the project folder reaches the generator with no AdditionalFiles line, and the
/// generated Env binds from environment variables at run time.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class WranglerConfigTests(PackedFeed feed)
{
    private const string WranglerToml = """
        name = "consumer"
        main = "src/index.ts"
        compatibility_date = "2025-01-01"

        [vars]
        GREETING = "hello from wrangler.toml"
        MAX_ITEMS = 5
        VERBOSE = true

        [[hyperdrive]]
        binding = "DB"
        id = "0123456789abcdef0123456789abcdef"
        localConnectionString = "postgres://local:local@127.0.0.1:5432/local"

        [secrets]
        required = ["API_TOKEN"]
        """;

    private const string Program = """
        using WorkerSockets;

        var env = Env.Bind(Environment.GetEnvironmentVariable);
        long nextCount = env.MaxItems + 1;
        bool verbose = env.Verbose;
        Hyperdrive db = env.Db;
        string token = env.ApiToken;
        Console.WriteLine($"greeting={env.Greeting}");
        Console.WriteLine($"next-count={nextCount}");
        Console.WriteLine($"verbose={verbose}");
        Console.WriteLine($"db={db.User}@{db.Host}:{db.Port}/{db.Database}");
        Console.WriteLine($"token-length={token.Length}");
        Console.WriteLine($"env={env}");

        [WorkerEnv]
        public partial class Env
        {
        }
        """;

    [Fact]
    public async Task Env_members_come_from_wrangler_toml_and_take_their_values_from_environment_variables()
    {
        var project = await ConsumerProject.CreateAsync(feed, "console", "Consumer", "WorkerSockets");
        project.WriteFile("wrangler.toml", WranglerToml);
        project.WriteFile("Program.cs", Program);
        Assert.DoesNotContain("AdditionalFiles", project.ReadFile("Consumer.csproj"), StringComparison.Ordinal);
        (await project.BuildAsync()).EnsureSuccess();

        var run = (await project.DotNetAsync(
            new Dictionary<string, string>
            {
                ["GREETING"] = "hello from the environment",
                ["DB"] = "postgres://app:s3cret-pw@db.internal:6543/shop",
                ["API_TOKEN"] = "tok-0123456789",
            },
            "run", "--no-build")).EnsureSuccess();

        var lines = run.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("greeting=hello from the environment", lines);
        Assert.Contains("next-count=6", lines);
        Assert.Contains("verbose=True", lines);
        Assert.Contains("db=app@db.internal:6543/shop", lines);
        Assert.Contains("token-length=14", lines);
        var shown = Assert.Single(lines, l => l.StartsWith("env=", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret-pw", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-0123456789", shown, StringComparison.Ordinal);
    }
}
