using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using WorkerSockets.Hosting.DevVars;

namespace WorkerSockets.Hosting;

/// <summary>Adds a <c>.dev.vars</c> file, the local secrets file of <c>wrangler dev</c>, to configuration.</summary>
public static class DevVarsConfigurationExtensions
{
    /// <summary>
    /// Adds the variables of a <c>.dev.vars</c> file, read as <c>wrangler dev</c> reads it (<c>KEY=value</c> lines,
    /// <c>#</c> comments, optional quotes), with each variable's name as its configuration key.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="path">The file, relative to the builder's base path (the content root in an ASP.NET Core app).</param>
    /// <param name="optional">Whether the file may be absent.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddDevVarsFile(this IConfigurationBuilder builder, string path = ".dev.vars", bool optional = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var baseDirectory = builder.GetFileProvider() is PhysicalFileProvider physical ? physical.Root : Directory.GetCurrentDirectory();
        var fullPath = Path.GetFullPath(path, baseDirectory);
        return builder.Add<DevVarsConfigurationSource>(source =>
        {
            // The default file provider hides dot-files, and a dot-file is exactly what this is.
            source.FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(fullPath)!, ExclusionFilters.None);
            source.Path = Path.GetFileName(fullPath);
            source.Optional = optional;
            source.ReloadOnChange = false;
        });
    }
}
