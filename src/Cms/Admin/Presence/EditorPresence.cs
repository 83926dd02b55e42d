using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Admin.Presence;

/// <summary>
/// Someone with an item open in the editor: a row per person and item, refreshed by the page's heartbeat and removed when
/// they leave. In the database, not in a node's memory, so that people editing through different web nodes see each other.
/// </summary>
public sealed class EditorPresence
{
    public required string ContentItemId { get; set; }
    public required string UserId { get; set; }
    public string? UserName { get; set; }

    /// <summary>When this stay on the item began: the first heartbeat after the last one went stale.</summary>
    public DateTime StartedUtc { get; set; }

    /// <summary>The last heartbeat; a row older than <see cref="PresenceOptions.StaleAfter"/> counts as gone.</summary>
    public DateTime SeenUtc { get; set; }
}

internal sealed class EditorPresenceConfiguration : IEntityTypeConfiguration<EditorPresence>
{
    public void Configure(EntityTypeBuilder<EditorPresence> e)
    {
        e.ToTable("EditorPresence");
        e.HasKey(p => new { p.ContentItemId, p.UserId });
        e.Property(p => p.ContentItemId).HasMaxLength(26);
        e.Property(p => p.UserId).HasMaxLength(255);
        e.Property(p => p.UserName).HasMaxLength(255);
    }
}

/// <summary>The <c>Cms:Presence</c> section.</summary>
public sealed class PresenceOptions
{
    public const string Section = "Cms:Presence";

    /// <summary>How often an open editor says it is still there.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long after its last heartbeat a presence is ignored (a closed laptop, a crashed browser, a lost beacon).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(60);
}
