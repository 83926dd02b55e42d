using Cms.Data;
using Cms.Recipes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cms;

/// <summary>Healthy once the database answers and the setup recipe has run.</summary>
public sealed class CmsHealthCheck(CmsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken)) return HealthCheckResult.Unhealthy("The database does not answer.");
            return await RecipeRunner.IsSetupDoneAsync(db)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The setup recipe has not run yet.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}
