using Cms.Changes;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Webhooks;

/// <summary>
/// The deliveries table: fed from the change feed (each subscription from its own cursor, the cursor moved in the
/// transaction that writes the deliveries), read for what is due, and updated with each attempt's outcome, which also
/// decides retries and switches off a subscription that failed for a whole retry window.
/// </summary>
internal sealed class WebhookQueue(CmsDbContext db, WebhookPayloads payloads, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookQueue> logger)
{
    private const int FeedBatch = 500;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Queues what the feed holds past each switched-on subscription's cursor; returns how many deliveries were queued.</summary>
    public async Task<int> EnqueueAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        while (true)
        {
            var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.Enabled).ToListAsync(cancellationToken);
            if (subscriptions.Count == 0) return queued;
            var from = subscriptions.Min(s => s.Position);
            var entries = await db.ChangeFeed.AsNoTracking().Where(e => e.Sequence > from).OrderBy(e => e.Sequence).Take(FeedBatch).ToListAsync(cancellationToken);
            if (entries.Count == 0) return queued;
            if (entries[0].Sequence > from + 1 && await ChangeFeedFollower.PrunedThroughAsync(db, cancellationToken) > from)
            {
                logger.LogWarning("Webhooks were behind change-feed entries already pruned (from {From}); those changes are not sent.", from);
            }

            var through = entries[^1].Sequence;
            var behind = subscriptions.Where(s => s.Position < through).ToList();
            var now = Now;
            var bodies = new Dictionary<long, string>();
            var deliveries = new List<WebhookDelivery>();
            foreach (var subscription in behind)
            {
                foreach (var entry in entries.Where(e => e.Sequence > subscription.Position && Matches(subscription, e)))
                {
                    if (!bodies.TryGetValue(entry.Sequence, out var body)) bodies[entry.Sequence] = body = await payloads.BuildAsync(entry, cancellationToken);
                    deliveries.Add(new WebhookDelivery
                    {
                        SubscriptionId = subscription.Id,
                        Sequence = entry.Sequence,
                        Event = entry.Event,
                        ContentItemId = entry.ContentItemId,
                        Body = body,
                        Status = DeliveryStatus.Pending,
                        NextAttemptUtc = now,
                        RetryWindowStartUtc = now,
                        CreatedUtc = now,
                    });
                }
            }

            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                foreach (var subscription in behind)
                {
                    // Moved only from where it was read: a subscription switched off, deleted or re-aimed meanwhile (or a second
                    // node that believed it led) rolls the whole batch back, to be read again.
                    var moved = await db.Set<WebhookSubscription>()
                        .Where(s => s.Id == subscription.Id && s.Position == subscription.Position && s.Enabled)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.Position, through), cancellationToken);
                    if (moved == 0) return queued;
                }
                db.AddRange(deliveries);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            db.ChangeTracker.Clear();
            queued += deliveries.Count;
            if (entries.Count < FeedBatch) return queued;
        }
    }

    public static bool Matches(WebhookSubscription subscription, ChangeFeedEntry entry)
    {
        var events = subscription.EventList;
        if (!events.Contains(WebhookEvents.Any) && !events.Contains(entry.Event)) return false;
        var types = subscription.ContentTypeList;
        if (types.Count > 0 && (entry.ContentType is null || !types.Contains(entry.ContentType))) return false;
        return !subscription.ExcludedSourceList.Contains(entry.Source);
    }

    /// <summary>Pending deliveries whose time has come, in the order they were queued, with their subscriptions.</summary>
    public async Task<IReadOnlyList<(WebhookSubscription Subscription, IReadOnlyList<WebhookDelivery> Deliveries)>> DueAsync(int limit, CancellationToken cancellationToken)
    {
        var now = Now;
        var due = await db.Set<WebhookDelivery>().AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptUtc <= now).OrderBy(d => d.Id).Take(limit).ToListAsync(cancellationToken);
        if (due.Count == 0) return [];
        var ids = due.Select(d => d.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        return due.GroupBy(d => d.SubscriptionId).Where(g => subscriptions.ContainsKey(g.Key))
            .Select(g => (subscriptions[g.Key], (IReadOnlyList<WebhookDelivery>)g.ToList())).ToList();
    }

    /// <summary>When the next pending delivery is due, if any.</summary>
    public Task<DateTime?> NextDueAsync(CancellationToken cancellationToken) =>
        db.Set<WebhookDelivery>().Where(d => d.Status == DeliveryStatus.Pending).MinAsync(d => d.NextAttemptUtc, cancellationToken);

    /// <summary>
    /// Records an attempt: succeeded, retried later (exponential backoff with jitter), or given up at the end of its retry
    /// window; a ping is tried once. A delivery given up while its subscription had no success during that whole window
    /// switches the subscription off. Nothing is recorded for a delivery abandoned or deleted meanwhile.
    /// </summary>
    public async Task RecordAsync(WebhookDelivery delivery, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        var now = Now;
        var attempts = delivery.Attempts + 1;
        var next = attempt.Succeeded || delivery.IsPing ? (DateTime?)null : now + Backoff(attempts);
        var status = attempt.Succeeded ? DeliveryStatus.Succeeded
            : next is null || next > delivery.RetryWindowStartUtc + options.Value.RetryFor ? DeliveryStatus.Failed
            : DeliveryStatus.Pending;
        var completed = status == DeliveryStatus.Pending ? (DateTime?)null : now;
        if (status != DeliveryStatus.Pending) next = null;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var recorded = await db.Set<WebhookDelivery>().Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.Attempts, d => d.Attempts + 1)
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.NextAttemptUtc, next)
            .SetProperty(d => d.CompletedUtc, completed)
            .SetProperty(d => d.LastAttemptUtc, now)
            .SetProperty(d => d.LastStatusCode, attempt.StatusCode)
            .SetProperty(d => d.LastDurationMs, attempt.DurationMs)
            .SetProperty(d => d.LastError, attempt.Error)
            .SetProperty(d => d.ResponseExcerpt, attempt.ResponseExcerpt), cancellationToken);
        if (recorded == 0) return;

        var subscriptions = db.Set<WebhookSubscription>().Where(s => s.Id == delivery.SubscriptionId);
        if (attempt.Succeeded)
        {
            await subscriptions.ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSuccessUtc, now).SetProperty(s => s.FailingSinceUtc, (DateTime?)null), cancellationToken);
        }
        else if (!delivery.IsPing)
        {
            await subscriptions.Where(s => s.FailingSinceUtc == null).ExecuteUpdateAsync(u => u.SetProperty(s => s.FailingSinceUtc, now), cancellationToken);
            if (status == DeliveryStatus.Failed)
            {
                logger.LogWarning("Webhook {Subscription} gave up {WebhookId} after {Attempts} attempts over {RetryFor}; the last: {Status} {Error}",
                    delivery.SubscriptionId, delivery.WebhookId, attempts, options.Value.RetryFor, attempt.StatusCode, attempt.Error);
                await SwitchOffIfFailingAsync(delivery, now, cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task SwitchOffIfFailingAsync(WebhookDelivery delivery, DateTime now, CancellationToken cancellationToken)
    {
        var windowStart = delivery.RetryWindowStartUtc;
        var switchedOff = await db.Set<WebhookSubscription>()
            .Where(s => s.Id == delivery.SubscriptionId && s.Enabled && (s.LastSuccessUtc == null || s.LastSuccessUtc < windowStart))
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Enabled, false)
                .SetProperty(s => s.DisabledReason, WebhookDisabledReasons.Failing)
                .SetProperty(s => s.DisabledUtc, now), cancellationToken);
        if (switchedOff == 0) return;
        var abandoned = await AbandonPendingAsync(db, delivery.SubscriptionId, now, cancellationToken);
        logger.LogWarning("Webhook {Subscription} switched off: every attempt failed for {RetryFor}; {Abandoned} pending deliveries abandoned.",
            delivery.SubscriptionId, options.Value.RetryFor, abandoned);
    }

    /// <summary>A switched-off subscription sends nothing more: what it still had to send is abandoned (a resend can revive one).</summary>
    public static Task<int> AbandonPendingAsync(CmsDbContext db, string subscriptionId, DateTime now, CancellationToken cancellationToken = default) =>
        db.Set<WebhookDelivery>().Where(d => d.SubscriptionId == subscriptionId && d.Status == DeliveryStatus.Pending && d.Event != WebhookEvents.Ping)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Abandoned)
                .SetProperty(d => d.NextAttemptUtc, (DateTime?)null)
                .SetProperty(d => d.CompletedUtc, now), cancellationToken);

    /// <summary>Deletes finished deliveries older than the retention.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = Now - options.Value.DeliveryRetention;
        return db.Set<WebhookDelivery>().Where(d => d.Status != DeliveryStatus.Pending && d.CompletedUtc < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The first delay doubled at each failure, capped, then ±20 % so that many failing deliveries do not retry in step.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var doubled = o.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(doubled, o.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Min(capped * (0.8 + 0.4 * Random.Shared.NextDouble()), o.MaxRetryDelay.TotalMilliseconds));
    }
}
