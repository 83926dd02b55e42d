using Cms.Changes;
using Cms.Media;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cms.Data;

/// <summary>
/// The CMS schema. Provider-neutral: each database provider derives its own context to own its migrations (see
/// <see cref="SqliteCmsDbContext"/>, <see cref="PostgreSqlCmsDbContext"/>). The data-protection keys live here too, so
/// that a cookie or a token made by one web node is read by every other.
/// </summary>
public abstract class CmsDbContext(DbContextOptions options) : IdentityDbContext<CmsUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<ContentItemVersion> ContentItemVersions => Set<ContentItemVersion>();
    public DbSet<ContentItemTerm> ContentItemTerms => Set<ContentItemTerm>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AutoroutePath> AutoroutePaths => Set<AutoroutePath>();
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();
    public DbSet<ChangeFeedEntry> ChangeFeed => Set<ChangeFeedEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Admin.Presence.EditorPresence> EditorPresence => Set<Admin.Presence.EditorPresence>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ContentItemVersion>(e =>
        {
            e.ToTable("ContentItemVersions");
            e.Property(v => v.ContentItemId).HasMaxLength(26);
            e.Property(v => v.ContentItemVersionId).HasMaxLength(26);
            e.Property(v => v.ContentType).HasMaxLength(255);
            e.Property(v => v.Status).HasMaxLength(20);
            e.Property(v => v.Owner).HasMaxLength(255);
            e.Property(v => v.Author).HasMaxLength(255);
            e.Property(v => v.Path).HasMaxLength(1024);
            e.Property(v => v.Revision).IsConcurrencyToken();
            e.HasIndex(v => v.ContentItemVersionId).IsUnique();
            // At most one latest and one published version per item, enforced by the database.
            // A bare boolean column is a valid partial-index predicate on SQLite and PostgreSQL alike.
            e.HasIndex(v => v.ContentItemId, "IX_ContentItemVersions_Latest").IsUnique().HasFilter("\"Latest\"");
            e.HasIndex(v => v.ContentItemId, "IX_ContentItemVersions_Published").IsUnique().HasFilter("\"Published\"");
            e.HasIndex(v => new { v.ContentType, v.Published, v.PublishedUtc });
            e.HasIndex(v => new { v.ContentType, v.Latest, v.Status, v.ModifiedUtc });
            e.HasIndex(v => new { v.Owner, v.Latest });
            e.HasIndex(v => new { v.Status, v.PublishAtUtc });
            e.HasIndex(v => v.Path);
            // An item's versions: its first (the admin lists' original author) and its latest and published ones (every
            // load before a write: without it, "Latest OR Published" for one item scanned the whole table on SQLite).
            e.HasIndex(v => new { v.ContentItemId, v.Number });
            e.HasMany(v => v.Terms).WithOne().HasForeignKey(t => t.ContentItemVersionId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ContentItemTerm>(e =>
        {
            e.ToTable("ContentItemTerms");
            e.Property(t => t.ContentItemId).HasMaxLength(26);
            e.Property(t => t.FieldName).HasMaxLength(255);
            e.Property(t => t.TermContentItemId).HasMaxLength(26);
            e.HasIndex(t => new { t.TermContentItemId, t.ContentItemVersionId });
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.Property(a => a.ContentItemId).HasMaxLength(26);
            e.Property(a => a.ContentItemVersionId).HasMaxLength(26);
            e.Property(a => a.Action).HasMaxLength(40);
            e.Property(a => a.FromStatus).HasMaxLength(20);
            e.Property(a => a.ToStatus).HasMaxLength(20);
            e.Property(a => a.UserName).HasMaxLength(255);
            e.HasIndex(a => new { a.ContentItemId, a.Id });
        });

        builder.Entity<AutoroutePath>(e =>
        {
            e.ToTable("AutoroutePaths");
            e.HasKey(p => p.Path);
            e.Property(p => p.Path).HasMaxLength(1024);
            e.Property(p => p.ContentItemId).HasMaxLength(26);
            e.HasIndex(p => p.ContentItemId);
        });

        builder.Entity<StoredDocument>(e =>
        {
            e.ToTable("Documents");
            e.HasKey(d => d.Name);
            e.Property(d => d.Name).HasMaxLength(255);
        });

        builder.Entity<MediaAsset>(e =>
        {
            e.ToTable("MediaAssets");
            e.HasKey(m => m.Path);
            e.Property(m => m.Path).HasMaxLength(1024);
            e.Property(m => m.Folder).HasMaxLength(1024);
            e.Property(m => m.FileName).HasMaxLength(255);
            e.Property(m => m.ContentType).HasMaxLength(40);
            e.Property(m => m.UploadedBy).HasMaxLength(255);
            e.Property(m => m.UploadedByUserId).HasMaxLength(255);
            e.HasIndex(m => m.Folder);
        });

        builder.ApplyConfiguration(new ChangeFeedEntryConfiguration());
        builder.Entity<DataProtectionKey>(e => e.ToTable("DataProtectionKeys"));
        builder.ApplyConfiguration(new Preview.PreviewLinkConfiguration());
        builder.ApplyConfiguration(new Clients.IntegrationClientConfiguration());
        builder.ApplyConfiguration(new Webhooks.WebhookSubscriptionConfiguration());
        builder.ApplyConfiguration(new Webhooks.WebhookDeliveryConfiguration());
        builder.ApplyConfiguration(new Import.ImportedItemConfiguration());
        builder.ApplyConfiguration(new Import.ImportRunConfiguration());
        builder.ApplyConfiguration(new Redirects.RedirectConfiguration());
        builder.ApplyConfiguration(new Admin.Presence.EditorPresenceConfiguration());
        builder.ApplyConfiguration(new Admin.AutosaveConfiguration());
        builder.Entity<CmsUser>().Property(u => u.DisplayName).HasMaxLength(255);

        // Every DateTime is UTC in the database, stored and read back marked as such (PostgreSQL's timestamptz insists).
        var utc = new ValueConverter<DateTime, DateTime>(v => DateTime.SpecifyKind(v, DateTimeKind.Utc), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        var nullableUtc = new ValueConverter<DateTime?, DateTime?>(
            v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v,
            v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTime)) property.SetValueConverter(utc);
                else if (property.ClrType == typeof(DateTime?)) property.SetValueConverter(nullableUtc);
            }
        }
    }
}

public sealed class SqliteCmsDbContext(DbContextOptions<SqliteCmsDbContext> options) : CmsDbContext(options);

/// <summary>PostgreSQL: item documents are <c>jsonb</c>; everything else maps as on SQLite.</summary>
public sealed class PostgreSqlCmsDbContext(DbContextOptions<PostgreSqlCmsDbContext> options) : CmsDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<ContentItemVersion>().Property(v => v.Json).HasColumnType("jsonb");
    }
}
