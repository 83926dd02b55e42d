using Cms.Data;

namespace Cms.Content;

/// <summary>The rows a change of an item starts from, loaded (and tracked) inside the change's transaction.</summary>
public sealed class ContentVersions(ContentItemVersion latest, ContentItemVersion? published)
{
    public ContentItemVersion Latest { get; } = latest;

    /// <summary>The version readers see: the latest one, an older one (the latest is a correction in progress), or none.</summary>
    public ContentItemVersion? Published { get; } = published;

    public string ContentItemId => Latest.ContentItemId;
    public string ContentType => Latest.ContentType;
    public string? Owner => Latest.Owner;
    /// <summary>The latest version's state name.</summary>
    public string State => Latest.Status;
    public bool HasPublished => Published is not null;

    /// <summary>Published now or before (PublishedUtc survives an unpublish): such an item is no longer a mere draft.</summary>
    public bool EverPublished => Published is not null || Latest.PublishedUtc is not null;

    public ContentItem LatestItem() => ContentRecords.ToItem(Latest);
}
