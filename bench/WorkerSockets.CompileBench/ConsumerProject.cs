using System.Text;

namespace WorkerSockets.CompileBench;

/// <summary>The generated consumer project of P5 and P6: <c>files</c> C# files, a <c>wrangler.toml</c>, and the project files.</summary>
public static class ConsumerProject
{
    public const int DefaultFileCount = 1000;
    private const int FilesPerArea = 50;

    /// <summary>The C# sources: <c>AppWorker.cs</c>, <c>Env.cs</c>, then the mix described in <see cref="SourceTemplates"/>.</summary>
    public static IReadOnlyList<SourceFile> Sources(int files = DefaultFileCount, bool withBindings = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(files, 12);
        var sources = new List<SourceFile>(files)
        {
            new("AppWorker.cs", SourceTemplates.Worker(firstHandler: 3)),
            new("Env.cs", SourceTemplates.Env(withBindings)),
        };
        for (var i = 0; sources.Count < files; i++)
        {
            var area = i / FilesPerArea;
            sources.Add((i % 10) switch
            {
                0 or 1 or 2 => new SourceFile($"Services/Area{area}/Client{i}.cs", SourceTemplates.Client(area, i)),
                3 or 4 => new SourceFile($"Handlers/Area{area}/RouteHandler{i}.cs", SourceTemplates.RouteHandler(area, i)),
                5 => new SourceFile($"Legacy/Area{area}/Legacy{i}.cs", SourceTemplates.Legacy(area, i)),
                _ => new SourceFile($"Helpers/Area{area}/Helper{i}.cs", SourceTemplates.Helper(area, i)),
            });
        }

        return sources;
    }

    /// <summary>What the SDK adds for <c>&lt;ImplicitUsings&gt;enable&lt;/ImplicitUsings&gt;</c>, as the built project has it.</summary>
    /// <remarks>In-memory compilations need it too: without it the worker's <c>Task</c> and <c>HttpRequestMessage</c> do not bind.</remarks>
    public const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>The path <see cref="ImplicitUsings"/> is compiled under.</summary>
    public const string ImplicitUsingsFile = "GlobalUsings.g.cs";

    /// <summary>The path of the helper file the "unrelated edit" of P6 changes.</summary>
    public const string UnrelatedFile = "Helpers/Area0/Helper6.cs";

    /// <summary>An edit to <see cref="UnrelatedFile"/> that changes code, not only trivia: a new method body, different each time.</summary>
    public static string EditUnrelated(string text, int revision) =>
        text.Replace("public static int Revision => 6;", $"public static int Revision => {1000 + revision};", StringComparison.Ordinal)
            is var edited && edited != text
            ? edited
            : throw new InvalidOperationException($"{UnrelatedFile} no longer has the line the edit replaces.");

    /// <summary>Writes the project to <paramref name="directory"/>, referencing the analyzers, generator and runtime of <paramref name="repoRoot"/>.</summary>
    public static void Write(string directory, string repoRoot, int files, bool withBindings)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        foreach (var source in Sources(files, withBindings))
        {
            var path = Path.Combine(directory, source.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, source.Text, Encoding.UTF8);
        }

        File.WriteAllText(Path.Combine(directory, "wrangler.toml"), SourceTemplates.WranglerToml);
        File.WriteAllText(Path.Combine(directory, "Bench.App.csproj"), ProjectFile(Path.GetFullPath(repoRoot)));
        File.WriteAllText(Path.Combine(directory, ".editorconfig"), EditorConfig);
        File.WriteAllText(Path.Combine(directory, "ca2000.globalconfig"), "is_global = true\ndotnet_diagnostic.CA2000.severity = warning\n");
        // Keeps the repository's Directory.*.props (warnings as errors, central versions) out when written inside it.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
    }

    private static string ProjectFile(string repo) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <OutputType>Library</OutputType>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <LangVersion>latest</LangVersion>
            <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
            <!-- Only the analyzers under test (and CA2000 when asked) run, so their shares are readable. -->
            <AnalysisLevel>latest</AnalysisLevel>
            <AnalysisMode>None</AnalysisMode>
            <NoWarn>$(NoWarn);CS1591</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="{repo}/runtime/WorkerSockets/WorkerSockets.csproj" />
            <!-- -p:WithoutWsk=true builds the same code without the WSK analyzers: the baseline for what they add. -->
            <ProjectReference Include="{repo}/analyzers/WorkerSockets.Analyzers/WorkerSockets.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" Condition="'$(WithoutWsk)' != 'true'" />
            <ProjectReference Include="{repo}/generator/WorkerSockets.Generators/WorkerSockets.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
          </ItemGroup>
          <ItemGroup>
            <AdditionalFiles Include="wrangler.toml" />
            <!-- CA2000 is off by default; -p:WithCa2000=true turns it on for the comparison build. -->
            <GlobalAnalyzerConfigFiles Include="ca2000.globalconfig" Condition="'$(WithCa2000)' == 'true'" />
          </ItemGroup>
        </Project>

        """;

    private const string EditorConfig = """
        root = true

        [*.cs]
        # The legacy files break error-level rules on purpose; keep the build going so timings are reported.
        dotnet_diagnostic.WSK001.severity = warning
        dotnet_diagnostic.WSK004.severity = warning
        dotnet_diagnostic.WSK005.severity = warning

        """;
}
