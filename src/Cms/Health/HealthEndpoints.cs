using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cms.Health;

/// <summary>
/// <c>/health</c> (the database answers and the setup has run, as before), <c>/health/live</c> (the process answers) and
/// <c>/health/ready</c> (this node can serve and write: database, data folder and its free space, no write failing for
/// lack of space, search indexes caught up), and the 507 answer of a write that ran out of space.
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static void AddHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HealthOptions>(configuration.GetSection(HealthOptions.Section));
        services.AddSingleton<StorageFaults>();
        services.AddSingleton<StorageFaultInterceptor>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<StorageFaultInterceptor>());
        services.AddExceptionHandler<StorageFullHandler>();
        services.AddHealthChecks()
            .AddCheck<CmsHealthCheck>("cms", tags: [Ready])
            .AddCheck<DataFolderCheck>("dataFolder", tags: [Ready])
            .AddCheck<StorageFaultsCheck>("storage", tags: [Ready])
            .AddCheck<SearchLagCheck>("search", tags: [Ready]);
    }

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Name == "cms" });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteReadinessAsync });
    }

    /// <summary>The status, then each check's with its reason: what an operator reads when a node leaves the rotation.</summary>
    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
