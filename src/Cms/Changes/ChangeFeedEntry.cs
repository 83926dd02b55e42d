using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Changes;

/// <summary>
/// One committed change, in commit order. Written in the transaction of the change itself, so that a follower can
/// neither miss nor invent one; <see cref="Sequence"/> grows strictly with commits (see <see cref="ChangeFeed"/>).
/// </summary>
public sealed class ChangeFeedEntry
{
    public long Sequence { get; set; }
    public required string Event { get; set; }
    public string? ContentItemId { get; set; }
    public string? ContentItemVersionId { get; set; }
    public string? ContentType { get; set; }

    /// <summary>Whether what readers see changed (a publication, a published version rewritten…), not only a draft.</summary>
    public bool AffectsPublished { get; set; }

    /// <summary>The user name of who made the change ("system" for the scheduler).</summary>
    public string? UserName { get; set; }

    public required string Source { get; set; }
    public DateTime Utc { get; set; }

    /// <summary>The event's own details as a JSON object: transition, from, to, firstPublication, publishAtUtc, the category…</summary>
    public string? Data { get; set; }

    /// <summary>Definitions and roles change what every item means: followers drop or reload everything they hold.</summary>
    public bool ChangesEverything => Event is ChangeEvents.DefinitionsChanged or ChangeEvents.RolesChanged;

    public JsonObject? ReadData() => Data is null ? null : JsonNode.Parse(Data) as JsonObject;
}

internal sealed class ChangeFeedEntryConfiguration : IEntityTypeConfiguration<ChangeFeedEntry>
{
    public void Configure(EntityTypeBuilder<ChangeFeedEntry> e)
    {
        e.ToTable("ChangeFeed");
        e.HasKey(c => c.Sequence);
        e.Property(c => c.Sequence).ValueGeneratedOnAdd();
        e.Property(c => c.Event).HasMaxLength(40);
        e.Property(c => c.ContentItemId).HasMaxLength(26);
        e.Property(c => c.ContentItemVersionId).HasMaxLength(26);
        e.Property(c => c.ContentType).HasMaxLength(255);
        e.Property(c => c.UserName).HasMaxLength(255);
        e.Property(c => c.Source).HasMaxLength(20);
        e.HasIndex(c => c.Utc);
    }
}
