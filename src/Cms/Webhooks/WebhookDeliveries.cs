using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Data;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Webhooks;

/// <summary>One line of a subscription's delivery log.</summary>
public sealed record DeliveryView(long Id, string WebhookId, long? Sequence, string Event, string? ContentItemId, string? Summary, string Status, int Attempts,
    DateTime? NextAttemptUtc, int? LastStatusCode, int? LastDurationMs, string? LastError, string? ResponseExcerpt, DateTime CreatedUtc,
    DateTime? LastAttemptUtc, DateTime? CompletedUtc)
{
    public static DeliveryView Of(WebhookDelivery d) => new(d.Id, d.WebhookId, d.Sequence, d.Event, d.ContentItemId, SummaryOf(d.Body), d.Status, d.Attempts,
        d.NextAttemptUtc, d.LastStatusCode, d.LastDurationMs, d.LastError, d.ResponseExcerpt, d.CreatedUtc, d.LastAttemptUtc, d.CompletedUtc);

    private static string? SummaryOf(string body) =>
        JsonNode.Parse(body)?["summary"] is JsonValue v && v.TryGetValue<string>(out var summary) ? summary : null;
}

/// <summary>A page of the log, newest first; <see cref="Next"/> is the <c>before</c> of the next page, null on the last.</summary>
public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items, long? Next);

/// <summary>A subscription's delivery log, its test ping and resends (ManageWebhooks). Sending itself is the dispatcher's.</summary>
public sealed class WebhookDeliveries(CmsDbContext db, WebhookDispatcher dispatcher, TimeProvider clock)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public async Task<Outcome<DeliveryPage>> ListAsync(string subscriptionId, string? status, long? before, int limit, Actor actor)
    {
        if (WebhookSubscriptions.Refuse(actor) is { } refused) return refused;
        if (status is not null && !DeliveryStatus.All.Contains(status))
        {
            return Refusal.Invalid($"status is one of {string.Join(", ", DeliveryStatus.All)}.",
                new Dictionary<string, string[]> { ["status"] = [$"One of {string.Join(", ", DeliveryStatus.All)}."] });
        }
        if (!await ExistsAsync(subscriptionId)) return WebhookSubscriptions.NotFound(subscriptionId);
        var query = db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.SubscriptionId == subscriptionId);
        if (status is not null) query = query.Where(d => d.Status == status);
        if (before is { } b) query = query.Where(d => d.Id < b);
        var rows = await query.OrderByDescending(d => d.Id).Take(limit + 1).ToListAsync();
        var page = rows.Take(limit).Select(DeliveryView.Of).ToList();
        return new DeliveryPage(page, rows.Count > limit ? page[^1].Id : null);
    }

    /// <summary>Queues a <c>webhook.ping</c>, tried once, whether the subscription is on or off (to test a receiver before switching it on).</summary>
    public async Task<Outcome<DeliveryView>> PingAsync(string subscriptionId, Actor actor)
    {
        if (WebhookSubscriptions.Refuse(actor) is { } refused) return refused;
        if (!await ExistsAsync(subscriptionId)) return WebhookSubscriptions.NotFound(subscriptionId);
        var now = clock.GetUtcNow().UtcDateTime;
        var ping = new WebhookDelivery
        {
            SubscriptionId = subscriptionId,
            Event = WebhookEvents.Ping,
            Body = WebhookPayloads.Ping(subscriptionId, now),
            Status = DeliveryStatus.Pending,
            NextAttemptUtc = now,
            RetryWindowStartUtc = now,
            CreatedUtc = now,
        };
        db.Add(ping);
        await db.SaveChangesAsync();
        dispatcher.Wake();
        return DeliveryView.Of(ping);
    }

    /// <summary>
    /// Sends a delivery again, now, with the same body and <c>webhook-id</c>, and a new retry window: after it failed or
    /// was abandoned, or again after it succeeded (the receiver lost it).
    /// </summary>
    public async Task<Outcome<DeliveryView>> ResendAsync(string subscriptionId, long deliveryId, Actor actor)
    {
        if (WebhookSubscriptions.Refuse(actor) is { } refused) return refused;
        var subscription = await db.Set<WebhookSubscription>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == subscriptionId);
        if (subscription is null) return WebhookSubscriptions.NotFound(subscriptionId);
        var delivery = await db.Set<WebhookDelivery>().FirstOrDefaultAsync(d => d.Id == deliveryId && d.SubscriptionId == subscriptionId);
        if (delivery is null) return Refusal.NotFound($"Webhook '{subscriptionId}' has no delivery {deliveryId}.");
        if (!subscription.Enabled && !delivery.IsPing)
        {
            return Refusal.Conflict($"Webhook '{subscriptionId}' is switched off: switch it on before resending (a ping is sent either way).");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        delivery.Status = DeliveryStatus.Pending;
        delivery.NextAttemptUtc = now;
        delivery.RetryWindowStartUtc = now;
        delivery.CompletedUtc = null;
        await db.SaveChangesAsync();
        dispatcher.Wake();
        return DeliveryView.Of(delivery);
    }

    private Task<bool> ExistsAsync(string subscriptionId) => db.Set<WebhookSubscription>().AnyAsync(s => s.Id == subscriptionId);
}
