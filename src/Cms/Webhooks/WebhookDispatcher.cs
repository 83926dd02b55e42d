using System.Security.Cryptography;
using Cms.Changes;
using Cms.Cluster;
using Microsoft.Extensions.Options;

namespace Cms.Webhooks;

/// <summary>
/// Sends webhooks, on the one node that holds the cluster duties. Each pass queues what the change feed holds past every
/// subscription's cursor, then sends the deliveries that are due: a subscription's one after the other, in order, several
/// subscriptions at once. Everything it needs is in the database, so a delivery due when a node dies is sent by the next
/// one to lead (or by the same one after a restart), under the same <c>webhook-id</c>: at least once, never lost. Woken by
/// the feed on this node, and otherwise polling for pings and resends asked on other nodes.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, ClusterLeadership leadership, WebhookSender sender, IOptions<WebhookOptions> options,
    TimeProvider clock, ILogger<WebhookDispatcher> logger) : BackgroundService, IChangeFeedListener
{
    private const int SendBatch = 500;
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _nextPrune;

    public ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        Wake();
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        Wake();
        return ValueTask.CompletedTask;
    }

    /// <summary>Something may be due now (a ping, a resend, a new subscription): look at once rather than at the next poll.</summary>
    public void Wake() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

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
            await DispatchWhileLeadingAsync(both.Token);
        }
    }

    private async Task DispatchWhileLeadingAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = Volatile.Read(ref _changed).Task;
            TimeSpan wait;
            try
            {
                wait = await PassAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping, or the duties went to another node: what was being sent is still pending, and is sent again there.
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Sending webhooks failed; retrying shortly.");
                wait = options.Value.PollInterval;
            }
            try
            {
                if (wait > TimeSpan.Zero) await Task.WhenAny(changed, Task.Delay(wait, clock, cancellationToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Queues, sends what is due, and returns how long to sleep before the next delivery is.</summary>
    private async Task<TimeSpan> PassAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<WebhookQueue>();
        await queue.EnqueueAsync(cancellationToken);
        var due = await queue.DueAsync(SendBatch, cancellationToken);
        if (due.Count > 0)
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentRequests, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(due, parallel, async (work, token) => await SendInOrderAsync(work.Subscription, work.Deliveries, token));
        }
        var now = clock.GetUtcNow();
        if (now >= _nextPrune)
        {
            _nextPrune = now + PruneInterval;
            var pruned = await queue.PruneAsync(cancellationToken);
            if (pruned > 0) logger.LogInformation("Deleted {Count} webhook deliveries older than {Retention}.", pruned, options.Value.DeliveryRetention);
        }
        if (due.Count == SendBatch) return TimeSpan.Zero;
        var next = await queue.NextDueAsync(cancellationToken);
        var poll = options.Value.PollInterval;
        if (next is null) return poll;
        var until = next.Value - clock.GetUtcNow().UtcDateTime;
        return until < TimeSpan.Zero ? TimeSpan.Zero : until < poll ? until : poll;
    }

    /// <summary>One subscription's due deliveries in order; after a failure the rest wait for the next pass (each failure is retried later).</summary>
    private async Task SendInOrderAsync(WebhookSubscription subscription, IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<WebhookQueue>();
        string secret;
        try
        {
            secret = scope.ServiceProvider.GetRequiredService<WebhookSecrets>().Unprotect(subscription.ProtectedSecret);
        }
        catch (CryptographicException e)
        {
            // The keys that protected it are gone: nothing can be signed until an administrator sets a new secret.
            await queue.RecordAsync(deliveries[0], new DeliveryAttempt(null, 0, null, $"The secret cannot be read ({e.Message}); set a new one."), cancellationToken);
            return;
        }
        foreach (var delivery in deliveries)
        {
            var attempt = await sender.SendAsync(delivery, subscription.Url, secret, cancellationToken);
            await queue.RecordAsync(delivery, attempt, cancellationToken);
            if (!attempt.Succeeded) return;
        }
    }
}
