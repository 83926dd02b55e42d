using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Admin;

/// <summary>
/// A writer's unsaved work on one item: the form as it was last typed, kept so that a closed tab or a crash loses
/// nothing. One row per user and item (<see cref="ItemKey"/>: the item's id, or "new:" and a key made by the editor
/// page for an article not saved yet). Never a version, never an audit or change-feed entry: only saves and
/// transitions make history.
/// </summary>
public sealed class Autosave
{
    public const string NewPrefix = "new:";

    public required string UserId { get; set; }
    public required string ItemKey { get; set; }
    /// <summary>Null for a new article.</summary>
    public string? ContentItemId { get; set; }
    public required string ContentType { get; set; }
    /// <summary>The version the writer started from: a newer one saved since is shown as differences before restoring.</summary>
    public string? BasedOnVersionId { get; set; }
    /// <summary>The item's content as the form held it (not validated: a draft in progress may lack required fields).</summary>
    public required string Json { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public static string KeyOfNew(string draftKey) => NewPrefix + draftKey;
}

internal sealed class AutosaveConfiguration : IEntityTypeConfiguration<Autosave>
{
    public void Configure(EntityTypeBuilder<Autosave> e)
    {
        e.ToTable("Autosaves");
        e.HasKey(a => new { a.UserId, a.ItemKey });
        e.Property(a => a.UserId).HasMaxLength(255);
        e.Property(a => a.ItemKey).HasMaxLength(64);
        e.Property(a => a.ContentItemId).HasMaxLength(26);
        e.Property(a => a.ContentType).HasMaxLength(255);
        e.Property(a => a.BasedOnVersionId).HasMaxLength(26);
        e.HasIndex(a => a.UpdatedUtc);
    }
}

/// <summary>The <c>Cms:Autosave</c> section.</summary>
public sealed class AutosaveOptions
{
    public const string Section = "Cms:Autosave";

    /// <summary>How long an autosave nobody came back to is kept; older ones are deleted when anyone autosaves.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
