using Cms.Content;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Workflow;

/// <summary>
/// Publishes scheduled items when their time comes. The schedule lives in the database, so items due during a
/// restart go live on the next start. Sleeps until the next due time, woken early when something is scheduled.
/// </summary>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CmsOptions> options, ILogger<ScheduledPublisher> logger)
    : BackgroundService, IContentChangeListener
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Any change may have scheduled something sooner than the current sleep: wake up and look again.
    public void OnChanged(ContentChange change) => OnEverythingChanged();

    public void OnEverythingChanged() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = Volatile.Read(ref _changed).Task;
            TimeSpan wait;
            try
            {
                wait = await PublishDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Publishing scheduled items failed; retrying shortly.");
                wait = TimeSpan.FromSeconds(5);
            }
            try
            {
                await Task.WhenAny(changed, Task.Delay(wait, clock, stoppingToken));
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
        var next = await db.ContentItemVersions.AsNoTracking()
            .Where(v => v.Latest && v.Status == nameof(ContentStatus.Scheduled))
            .OrderBy(v => v.PublishAtUtc).Select(v => v.PublishAtUtc).FirstOrDefaultAsync(cancellationToken);
        var poll = options.Value.Scheduler.PollInterval;
        if (next is null) return poll;
        var until = next.Value - clock.GetUtcNow().UtcDateTime;
        return until < TimeSpan.Zero ? TimeSpan.Zero : until < poll ? until : poll;
    }
}
