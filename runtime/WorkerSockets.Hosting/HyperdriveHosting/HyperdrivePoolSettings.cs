using System.Globalization;
using Microsoft.Extensions.Configuration;
using WorkerSockets.Hosting.Hyperdrive;

namespace WorkerSockets.Hosting.HyperdriveHosting;

/// <summary>
/// A binding's pool settings: <see cref="WorkerHostOptions.Hyperdrive"/>, then the configuration section <c>Hyperdrive</c>
/// (e.g. <c>Hyperdrive:MaxConnections</c>), then <c>Hyperdrive:&lt;BINDING&gt;</c> for that binding alone.
/// </summary>
internal static class HyperdrivePoolSettings
{
    public const string Section = "Hyperdrive";

    /// <summary>
    /// The configuration key of the password clients of <paramref name="bindingName"/>'s pool prove (the worker through
    /// its binding, psql on <c>--hyperdrive-port</c>); unset, the host generates one per run.
    /// </summary>
    public static string ClientPasswordKey(string bindingName) => $"{Section}:{bindingName}:ClientPassword";

    /// <summary>Whether the host pools Hyperdrive bindings: <see cref="WorkerHostOptions.PoolHyperdrive"/> unless <c>Hyperdrive:Pooling</c> says otherwise.</summary>
    /// <exception cref="InvalidOperationException">The setting is not true or false.</exception>
    public static bool IsPooling(WorkerHostOptions options, IConfiguration configuration)
    {
        var key = $"{Section}:Pooling";
        return configuration[key] is not { } text
            ? options.PoolHyperdrive
            : bool.TryParse(text.Trim(), out var pooling) ? pooling : throw Invalid(key, "true or false");
    }

    /// <summary>The settings for <paramref name="bindingName"/>: a copy, so one binding's override never reaches another.</summary>
    /// <exception cref="InvalidOperationException">A configured value is malformed (the message names its key).</exception>
    public static HyperdrivePoolOptions For(string bindingName, WorkerHostOptions options, IConfiguration configuration)
    {
        var defaults = options.Hyperdrive;
        var settings = new HyperdrivePoolOptions
        {
            MaxConnections = defaults.MaxConnections,
            IdleTimeout = defaults.IdleTimeout,
            AcquireTimeout = defaults.AcquireTimeout,
            ConnectTimeout = defaults.ConnectTimeout,
            ResetTimeout = defaults.ResetTimeout,
            MaxClientMessageSize = defaults.MaxClientMessageSize,
            ClientScramIterations = defaults.ClientScramIterations,
            CacheEnabled = defaults.CacheEnabled,
            CacheMaxAge = defaults.CacheMaxAge,
            CacheStaleWhileRevalidate = defaults.CacheStaleWhileRevalidate,
            CacheSizeLimit = defaults.CacheSizeLimit,
            CacheMaxResultSize = defaults.CacheMaxResultSize,
            CacheTimeProvider = defaults.CacheTimeProvider,
        };
        Apply(configuration.GetSection(Section), settings);
        Apply(configuration.GetSection($"{Section}:{bindingName}"), settings);
        return settings;
    }

    private static void Apply(IConfigurationSection section, HyperdrivePoolOptions settings)
    {
        settings.MaxConnections = Int(section, nameof(HyperdrivePoolOptions.MaxConnections)) ?? settings.MaxConnections;
        settings.MaxClientMessageSize = Int(section, nameof(HyperdrivePoolOptions.MaxClientMessageSize)) ?? settings.MaxClientMessageSize;
        settings.IdleTimeout = Duration(section, nameof(HyperdrivePoolOptions.IdleTimeout)) ?? settings.IdleTimeout;
        settings.AcquireTimeout = Duration(section, nameof(HyperdrivePoolOptions.AcquireTimeout)) ?? settings.AcquireTimeout;
        settings.ConnectTimeout = Duration(section, nameof(HyperdrivePoolOptions.ConnectTimeout)) ?? settings.ConnectTimeout;
        settings.ResetTimeout = Duration(section, nameof(HyperdrivePoolOptions.ResetTimeout)) ?? settings.ResetTimeout;
        settings.CacheEnabled = Bool(section, nameof(HyperdrivePoolOptions.CacheEnabled)) ?? settings.CacheEnabled;
        settings.CacheMaxAge = Duration(section, nameof(HyperdrivePoolOptions.CacheMaxAge), zeroAllowed: true) ?? settings.CacheMaxAge;
        settings.CacheStaleWhileRevalidate = Duration(section, nameof(HyperdrivePoolOptions.CacheStaleWhileRevalidate), zeroAllowed: true) ?? settings.CacheStaleWhileRevalidate;
        settings.CacheSizeLimit = Int(section, nameof(HyperdrivePoolOptions.CacheSizeLimit)) ?? settings.CacheSizeLimit;
        settings.CacheMaxResultSize = Int(section, nameof(HyperdrivePoolOptions.CacheMaxResultSize)) ?? settings.CacheMaxResultSize;
    }

    private static bool? Bool(IConfigurationSection section, string name)
        => section[name] is not { } text ? null
            : bool.TryParse(text.Trim(), out var value) ? value
            : throw Invalid($"{section.Path}:{name}", "true or false");

    private static int? Int(IConfigurationSection section, string name)
        => section[name] is not { } text ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
            : throw Invalid($"{section.Path}:{name}", "a positive whole number");

    // A TimeSpan ("00:00:30"), as configuration binding writes it, or a number of seconds ("30").
    private static TimeSpan? Duration(IConfigurationSection section, string name, bool zeroAllowed = false)
    {
        if (section[name] is not { } text)
            return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && (seconds > 0 || (zeroAllowed && seconds == 0)) && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
            return TimeSpan.FromSeconds(seconds);
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var duration) && (duration > TimeSpan.Zero || (zeroAllowed && duration == TimeSpan.Zero)))
            return duration;
        throw Invalid($"{section.Path}:{name}", zeroAllowed
            ? "a duration of zero or more: seconds (30) or a TimeSpan (00:00:30)"
            : "a positive duration: seconds (30) or a TimeSpan (00:00:30)");
    }

    private static InvalidOperationException Invalid(string key, string expected)
        => new($"Configuration {key}: expected {expected}.");
}
