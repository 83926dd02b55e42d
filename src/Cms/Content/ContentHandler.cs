using Cms.Content.Definitions;
using Cms.Data;
using Cms.Security;

namespace Cms.Content;

/// <summary>What a part's or field's handler sees during a lifecycle event: the item, the version it replaces, who acts.</summary>
public sealed class ContentContext(CmsDbContext db, ContentItem item, ContentItem? previous, ContentTypeDefinition type, ContentDefinitionSet definitions, Actor actor)
{
    public CmsDbContext Db { get; } = db;
    public ContentItem Item { get; } = item;
    public ContentItem? Previous { get; } = previous;
    public ContentTypeDefinition Type { get; } = type;
    public ContentDefinitionSet Definitions { get; } = definitions;
    public Actor Actor { get; } = actor;

    /// <summary>The item's first version is being written (created or brought in): it holds nothing from before.</summary>
    public bool IsNew { get; init; }

    /// <summary>What a "-ing" event found wrong: the change is refused and nothing is written.</summary>
    public ValidationErrors Errors { get; } = new();
}

/// <summary>
/// A part's or field's part in the content lifecycle, in Orchard Core's event names. The "-ing" events run before the
/// version is written, inside the change's transaction, and may refuse it (<see cref="ContentContext.Errors"/>); the
/// "-ed" events run once the rows are saved, still inside the transaction. Override only what the part needs.
/// </summary>
public abstract class ContentHandler
{
    public virtual Task CreatingAsync(ContentContext context) => Task.CompletedTask;
    public virtual Task CreatedAsync(ContentContext context) => Task.CompletedTask;
    public virtual Task UpdatingAsync(ContentContext context) => Task.CompletedTask;
    public virtual Task UpdatedAsync(ContentContext context) => Task.CompletedTask;
    public virtual Task PublishingAsync(ContentContext context) => Task.CompletedTask;
    public virtual Task PublishedAsync(ContentContext context) => Task.CompletedTask;
    public virtual Task UnpublishingAsync(ContentContext context) => Task.CompletedTask;
    public virtual Task UnpublishedAsync(ContentContext context) => Task.CompletedTask;
    public virtual Task RemovingAsync(ContentContext context) => Task.CompletedTask;
    public virtual Task RemovedAsync(ContentContext context) => Task.CompletedTask;
}
