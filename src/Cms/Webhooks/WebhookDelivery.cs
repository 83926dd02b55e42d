using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Webhooks;

/// <summary>
/// One change (or a ping) to send to one subscription, and how its sending went. The body is written when the delivery
/// is queued, so every attempt, and a resend, sends the same bytes under the same <c>webhook-id</c>.
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public required string SubscriptionId { get; set; }

    /// <summary>The change-feed entry it carries; null for a ping.</summary>
    public long? Sequence { get; set; }

    public required string Event { get; set; }
    public string? ContentItemId { get; set; }
    public required string Body { get; set; }

    /// <summary>One of <see cref="DeliveryStatus"/>.</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>When the next attempt is due while <see cref="DeliveryStatus.Pending"/>.</summary>
    public DateTime? NextAttemptUtc { get; set; }

    /// <summary>When its retry window began (queued, or resent): attempts stop <c>RetryFor</c> after it.</summary>
    public DateTime RetryWindowStartUtc { get; set; }

    public int? LastStatusCode { get; set; }
    public int? LastDurationMs { get; set; }

    /// <summary>Why the last attempt failed without an answer (timeout, connection refused, an address refused).</summary>
    public string? LastError { get; set; }

    /// <summary>The first kilobyte of the last answer's body.</summary>
    public string? ResponseExcerpt { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime? LastAttemptUtc { get; set; }
    public DateTime? CompletedUtc { get; set; }

    public bool IsPing => Event == WebhookEvents.Ping;

    /// <summary>The Standard Webhooks message id: the receiver's idempotency key, the same on every attempt and resend.</summary>
    public string WebhookId => Sequence is { } sequence ? $"msg_{SubscriptionId}_{sequence}" : $"msg_{SubscriptionId}_ping{Id}";
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";

    /// <summary>Every attempt of its retry window failed.</summary>
    public const string Failed = "failed";

    /// <summary>No longer tried: its subscription was switched off.</summary>
    public const string Abandoned = "abandoned";

    public static readonly IReadOnlyList<string> All = [Pending, Succeeded, Failed, Abandoned];
}

/// <summary>The events webhooks add to the change feed's own (<see cref="Changes.ChangeEvents"/>).</summary>
public static class WebhookEvents
{
    /// <summary>A test sent on request, tried once.</summary>
    public const string Ping = "webhook.ping";

    /// <summary>What a subscription names to receive every event.</summary>
    public const string Any = "*";
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> e)
    {
        e.ToTable("WebhookDeliveries");
        e.HasKey(d => d.Id);
        e.Property(d => d.Id).ValueGeneratedOnAdd();
        e.Property(d => d.SubscriptionId).HasMaxLength(26);
        e.Property(d => d.Event).HasMaxLength(40);
        e.Property(d => d.ContentItemId).HasMaxLength(26);
        e.Property(d => d.Status).HasMaxLength(20);
        e.Property(d => d.LastError).HasMaxLength(1024);
        e.Property(d => d.ResponseExcerpt).HasMaxLength(1024);
        e.Ignore(d => d.IsPing);
        e.Ignore(d => d.WebhookId);
        // One delivery per subscription and feed entry, whatever happens: the database refuses a second.
        e.HasIndex(d => new { d.SubscriptionId, d.Sequence }).IsUnique();
        e.HasIndex(d => new { d.SubscriptionId, d.Id });
        e.HasIndex(d => new { d.Status, d.NextAttemptUtc });
    }
}
