using Cms.Content;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Search;

/// <summary>
/// "This item changed": one row per change that may affect a search index, written in the transaction of the change.
/// Every web node follows the table from its own cursor; rows are pruned after <see cref="SearchOptions.TaskRetention"/>.
/// </summary>
public sealed class SearchIndexingTask
{
    public long Id { get; set; }
    public required string ContentItemId { get; set; }
    public required string ContentType { get; set; }
    public DateTime CreatedUtc { get; set; }
}

internal sealed class SearchIndexingTaskConfiguration : IEntityTypeConfiguration<SearchIndexingTask>
{
    public void Configure(EntityTypeBuilder<SearchIndexingTask> e)
    {
        e.ToTable("SearchIndexingTasks");
        e.Property(t => t.ContentItemId).HasMaxLength(26);
        e.Property(t => t.ContentType).HasMaxLength(255);
        e.HasIndex(t => t.CreatedUtc);
    }
}

/// <summary>Records each change as an indexing task inside the unit of work that makes it: the index can never miss a committed change.</summary>
public sealed class SearchTaskJournal(TimeProvider clock) : IContentChangeJournal
{
    public void Append(CmsDbContext db, ContentChange change) =>
        db.Set<SearchIndexingTask>().Add(new SearchIndexingTask
        {
            ContentItemId = change.ContentItemId,
            ContentType = change.ContentType,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        });
}
