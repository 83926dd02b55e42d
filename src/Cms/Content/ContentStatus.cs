namespace Cms.Content;

/// <summary>The editorial state of an item's latest version, stored as <c>"Status"</c> in its JSON.</summary>
public enum ContentStatus
{
    Draft,
    InReview,
    Scheduled,
    Published,
}
