using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Redirects;

/// <summary>
/// An old address (a WordPress permalink, <c>/?p=15</c>, <c>/category/sport/</c>) answered with a 301: to an item, whose
/// current path is looked up when asked (so that a later slug change is followed), or to a fixed path.
/// </summary>
public sealed class Redirect
{
    /// <summary>The old path with its query, as <see cref="RedirectPaths.Normalize"/> makes it.</summary>
    public string OldPath { get; set; } = "";
    public string? TargetContentItemId { get; set; }
    public string? TargetPath { get; set; }
    public DateTime CreatedUtc { get; set; }
}

internal sealed class RedirectConfiguration : IEntityTypeConfiguration<Redirect>
{
    public void Configure(EntityTypeBuilder<Redirect> e)
    {
        e.ToTable("Redirects");
        e.HasKey(r => r.OldPath);
        e.Property(r => r.OldPath).HasMaxLength(1024);
        e.Property(r => r.TargetContentItemId).HasMaxLength(26);
        e.Property(r => r.TargetPath).HasMaxLength(1024);
        e.HasIndex(r => r.TargetContentItemId);
    }
}
