using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Cluster;

/// <summary>
/// Deletes change-feed entries older than the retention, on the node that holds the cluster duties, and records the last
/// sequence deleted: a follower behind it knows it missed entries and rebuilds what it holds.
/// </summary>
public sealed class ChangeFeedPruner(IServiceScopeFactory scopes, ClusterLeadership leadership, IOptions<ChangeFeedOptions> options, TimeProvider clock,
    ILogger<ChangeFeedPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var leading = await leadership.WaitForLeadershipAsync(stoppingToken);
                using var both = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, leading);
                await PruneAsync(both.Token);
                await Task.Delay(options.Value.PruneInterval, clock, both.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException)
            {
                // Lost the duties: wait to get them back.
            }
            catch (Exception e)
            {
                logger.LogError(e, "Pruning the change feed failed; trying again later.");
                try
                {
                    await Task.Delay(options.Value.PruneInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now - options.Value.Retention;
        var last = await db.Set<ChangeFeedEntry>().Where(e => e.Utc < cutoff).MaxAsync(e => (long?)e.Sequence, cancellationToken);
        if (last is null) return 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await StoredDocuments.PutAsync(db, ChangeFeedFollower.PrunedThroughDocument, new JsonObject { ["Sequence"] = last.Value }.ToJsonString(), now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var deleted = await db.Set<ChangeFeedEntry>().Where(e => e.Sequence <= last).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Pruned {Count} change-feed entries older than {Cutoff:u}.", deleted, cutoff);
        return deleted;
    }
}
