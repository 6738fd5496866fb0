using WorkerSockets.Package.Tests.Infrastructure;

namespace WorkerSockets.Package.Tests;

/// <summary>A newcomer's first build: a project with only the package and a wrangler.jsonc as create-cloudflare writes it.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class TemplateConfigBuildTests(PackedFeed feed)
{
    // create-cloudflare's waku template (tabs, // comments, a var and an assets binding), with its placeholders filled in.
    private const string TemplateJsonc = """
        {
        	"name": "my-app",
        	"main": "./dist/server/serve-cloudflare.js",
        	// nodejs_als is required for Waku server-side request context
        	// It can be removed if only building static pages
        	"compatibility_flags": ["nodejs_als"],
        	// https://developers.cloudflare.com/workers/platform/compatibility-dates
        	"compatibility_date": "2025-09-27",
        	"assets": {
        		// https://developers.cloudflare.com/workers/static-assets/binding/
        		"binding": "ASSETS",
        		"directory": "./dist/public",
        		"html_handling": "drop-trailing-slash"
        	},
        	"vars": {
        		"MAX_ITEMS": 10
        	},
        }
        """;

    [Fact]
    public async Task A_create_cloudflare_wrangler_jsonc_builds_without_a_warning_and_types_its_var()
    {
        var project = await feed.SharedClassLibraryAsync();
        project.WriteFile("wrangler.jsonc", TemplateJsonc);
        project.WriteFile("Env.cs", """
            using WorkerSockets;

            [WorkerEnv]
            public partial class Env
            {
                public long NextItem() => MaxItems + 1;
            }
            """);

        var build = await project.BuildAsync();

        build.EnsureSuccess();
        Assert.DoesNotContain(": warning ", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(": error ", build.Output, StringComparison.Ordinal);
    }
}
