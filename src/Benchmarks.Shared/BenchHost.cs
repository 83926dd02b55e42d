using System.Globalization;
using Cms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>What the benchmarks share: the real host on a data folder of their own, percentiles, the process's memory.</summary>
internal static class BenchHost
{
    public const string AdminPassword = "Bench-Admin-Password-1";

    /// <summary>Starts the CMS on <paramref name="dataPath"/> (setup recipe, admin password above) on a free local port.</summary>
    public static async Task<(WebApplication App, string Address)> StartAsync(string dataPath, IDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Cms:DataPath"] = dataPath,
            ["Cms:Admin:Password"] = AdminPassword,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        var app = await CmsApp.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        });
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public static async Task StopAsync(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>The value below which <paramref name="rank"/> (0.5, 0.99) of <paramref name="values"/> fall (nearest rank).</summary>
    public static double Percentile(IEnumerable<double> values, double rank)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(rank * sorted.Count) - 1)];
    }

    /// <summary>A memory figure of this process from /proc/self/status ("VmHWM", "VmRSS"), in KiB; 0 where there is none.</summary>
    public static long StatusKiB(string field)
    {
        if (!File.Exists("/proc/self/status")) return 0;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
