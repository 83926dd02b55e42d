using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Preview;

/// <summary>
/// A preview link of one item: whoever holds its token reads that item's latest version (a draft, or the pending new
/// version of a published item) until it expires or is revoked. The token itself is not stored: it is this row's id,
/// signed with the data-protection keys every node shares.
/// </summary>
public sealed class PreviewLink
{
    public required string Id { get; set; }
    public required string ContentItemId { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
}

internal sealed class PreviewLinkConfiguration : IEntityTypeConfiguration<PreviewLink>
{
    public void Configure(EntityTypeBuilder<PreviewLink> e)
    {
        e.ToTable("PreviewLinks");
        e.HasKey(l => l.Id);
        e.Property(l => l.Id).HasMaxLength(26);
        e.Property(l => l.ContentItemId).HasMaxLength(26);
        e.Property(l => l.CreatedBy).HasMaxLength(255);
        e.HasIndex(l => l.ContentItemId);
    }
}

/// <summary>The <c>Cms:Preview</c> section.</summary>
public sealed class PreviewOptions
{
    public const string Section = "Cms:Preview";

    /// <summary>How long a new preview link works unless its creator asks for less.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest a link may be asked to last.</summary>
    public TimeSpan MaxLinkLifetime { get; set; } = TimeSpan.FromDays(30);
}
