using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Webhooks;

/// <summary>
/// Where to send which changes. The subscription follows the change feed from its own cursor (<see cref="Position"/>),
/// advanced in the transaction that writes the deliveries it produced, so no entry is queued twice or skipped.
/// </summary>
public sealed class WebhookSubscription
{
    public required string Id { get; set; }
    public required string Url { get; set; }

    /// <summary>The change-feed events sent, separated by spaces; <c>*</c> for every event.</summary>
    public required string Events { get; set; }

    /// <summary>The content types whose changes are sent, separated by spaces; null for every type (and changes with no type).</summary>
    public string? ContentTypes { get; set; }

    /// <summary>Sources whose changes are not sent (<c>import</c>: an archive moved in raises no alert), separated by spaces.</summary>
    public string? ExcludedSources { get; set; }

    /// <summary>The signing secret, protected with the data-protection keys every node shares: it must be read back to sign.</summary>
    public required string ProtectedSecret { get; set; }

    public bool Enabled { get; set; }

    /// <summary>Why it is off when the system switched it off (<see cref="WebhookDisabledReasons"/>); null when on, or switched off by hand.</summary>
    public string? DisabledReason { get; set; }

    public DateTime? DisabledUtc { get; set; }

    /// <summary>The last change-feed sequence examined for this subscription.</summary>
    public long Position { get; set; }

    /// <summary>The first failed attempt since the last success; null while deliveries succeed.</summary>
    public DateTime? FailingSinceUtc { get; set; }

    public DateTime? LastSuccessUtc { get; set; }

    public string? CreatedBy { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ModifiedUtc { get; set; }

    public IReadOnlyList<string> EventList => Split(Events);
    public IReadOnlyList<string> ContentTypeList => Split(ContentTypes);
    public IReadOnlyList<string> ExcludedSourceList => Split(ExcludedSources);

    public static string? Join(IEnumerable<string> values) => string.Join(' ', values) is { Length: > 0 } joined ? joined : null;

    private static string[] Split(string? values) => values?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
}

public static class WebhookDisabledReasons
{
    /// <summary>Every attempt failed for a whole retry window, with no success meanwhile.</summary>
    public const string Failing = "failing";
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> e)
    {
        e.ToTable("WebhookSubscriptions");
        e.HasKey(s => s.Id);
        e.Property(s => s.Id).HasMaxLength(26);
        e.Property(s => s.Url).HasMaxLength(2048);
        e.Property(s => s.Events).HasMaxLength(1024);
        e.Property(s => s.ContentTypes).HasMaxLength(2048);
        e.Property(s => s.ExcludedSources).HasMaxLength(255);
        e.Property(s => s.ProtectedSecret).HasMaxLength(1024);
        e.Property(s => s.DisabledReason).HasMaxLength(40);
        e.Property(s => s.CreatedBy).HasMaxLength(255);
        e.Ignore(s => s.EventList);
        e.Ignore(s => s.ContentTypeList);
        e.Ignore(s => s.ExcludedSourceList);
        e.HasMany<WebhookDelivery>().WithOne().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}
