namespace Cms.Content;

public enum ContentChangeKind
{
    /// <summary>A new latest version (a draft saved, a state changed) that readers do not see.</summary>
    LatestChanged,

    /// <summary>What readers see changed: published, unpublished, deleted, or a published version rewritten.</summary>
    PublishedChanged,
}

public sealed record ContentChange(string ContentItemId, string ContentType, ContentChangeKind Kind);

/// <summary>
/// Told of every committed change, after the transaction, so that caches and indexes follow the store.
/// A seam: the delivery cache listens now; search and the page cache will.
/// </summary>
public interface IContentChangeListener
{
    void OnChanged(ContentChange change);

    /// <summary>Any item may have changed (a recipe ran, many items in one transaction): drop or re-read everything.</summary>
    void OnEverythingChanged();
}

/// <summary>
/// Records a change inside the transaction that makes it (a search-indexing task, say), so that what follows
/// the store can never miss or invent a change: the record commits or rolls back with the change itself.
/// </summary>
public interface IContentChangeJournal
{
    void Append(Cms.Data.CmsDbContext db, ContentChange change);
}
