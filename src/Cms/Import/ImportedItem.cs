using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Import;

/// <summary>
/// What an import made of one item of a foreign site, keyed by that site and its own id, so that the same export run
/// again changes nothing and a newer one updates only what changed.
/// </summary>
public sealed class ImportedItem
{
    /// <summary>The exporting site (WordPress's <c>wp:base_blog_url</c>), without a trailing slash.</summary>
    public string Site { get; set; } = "";

    /// <summary><see cref="ImportedKinds"/>: author, category, tag, attachment, post, page.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The id on the foreign site (a post id, a term id; an author's login is hashed to one).</summary>
    public long ForeignId { get; set; }

    /// <summary>What it became here: a user id, a term id, a media path, a content item id.</summary>
    public string TargetId { get; set; } = "";

    /// <summary>The content version the import wrote: when the latest version is another, the item was edited here since.</summary>
    public string? VersionId { get; set; }

    /// <summary>A hash of what was imported: the same hash next time means nothing to do.</summary>
    public string Hash { get; set; } = "";

    public DateTime ImportedUtc { get; set; }
}

public static class ImportedKinds
{
    public const string Author = "author";
    public const string Category = "category";
    public const string Tag = "tag";
    public const string Attachment = "attachment";
    public const string Post = "post";
    public const string Page = "page";
}

internal sealed class ImportedItemConfiguration : IEntityTypeConfiguration<ImportedItem>
{
    public void Configure(EntityTypeBuilder<ImportedItem> e)
    {
        e.ToTable("ImportedItems");
        e.HasKey(i => new { i.Site, i.Kind, i.ForeignId });
        e.Property(i => i.Site).HasMaxLength(400);
        e.Property(i => i.Kind).HasMaxLength(20);
        e.Property(i => i.TargetId).HasMaxLength(1024);
        e.Property(i => i.VersionId).HasMaxLength(26);
        e.Property(i => i.Hash).HasMaxLength(64);
        e.HasIndex(i => i.TargetId);
    }
}
