using Cms.Changes;
using Cms.Cluster;
using Cms.Content;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Workflow;

/// <summary>
/// Publishes scheduled items when their time comes, on the one node that holds the cluster duties. The schedule lives
/// in the database, so items due during a restart or while no node led go live as soon as one does; each publication
/// is a workflow transition, so an item is never published twice, even by two nodes. Sleeps until the next due time,
/// woken early when the change feed says something was scheduled.
/// </summary>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, ClusterLeadership leadership, TimeProvider clock, IOptions<CmsOptions> options,
    ILogger<ScheduledPublisher> logger) : BackgroundService, IChangeFeedListener
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        // A schedule may now be sooner than the current sleep, or gone: look again.
        if (entries.Any(e => e.Event is ChangeEvents.ContentScheduled or ChangeEvents.ContentTransitioned or ChangeEvents.ContentDeleted)) Wake();
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        Wake();
        return ValueTask.CompletedTask;
    }

    private void Wake() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken leading;
            try
            {
                leading = await leadership.WaitForLeadershipAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            using var both = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, leading);
            await PublishWhileLeadingAsync(both.Token);
        }
    }

    private async Task PublishWhileLeadingAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = Volatile.Read(ref _changed).Task;
            TimeSpan wait;
            try
            {
                wait = await PublishDueAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Publishing scheduled items failed; retrying shortly.");
                wait = TimeSpan.FromSeconds(5);
            }
            try
            {
                await Task.WhenAny(changed, Task.Delay(wait, clock, cancellationToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Publishes what is due and returns how long to sleep before the next item is.</summary>
    private async Task<TimeSpan> PublishDueAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var workflow = scope.ServiceProvider.GetRequiredService<WorkflowService>();
        var published = await workflow.PublishDueAsync(cancellationToken);
        if (published > 0) logger.LogInformation("Published {Count} scheduled item(s).", published);

        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var scheduled = scope.ServiceProvider.GetRequiredService<Content.Definitions.ContentDefinitionStore>().Current.ScheduledStates;
        var next = await db.ContentItemVersions.AsNoTracking()
            .Where(v => v.Latest && scheduled.Contains(v.Status))
            .OrderBy(v => v.PublishAtUtc).Select(v => v.PublishAtUtc).FirstOrDefaultAsync(cancellationToken);
        var poll = options.Value.Scheduler.PollInterval;
        if (next is null) return poll;
        var until = next.Value - clock.GetUtcNow().UtcDateTime;
        return until < TimeSpan.Zero ? TimeSpan.Zero : until < poll ? until : poll;
    }
}
