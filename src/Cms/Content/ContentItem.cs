using System.Text.Json.Nodes;

namespace Cms.Content;

/// <summary>
/// A content item version in memory: Orchard Core's metadata plus <see cref="Content"/>, the parts and
/// fields object (<c>"TitlePart": {...}</c>, <c>"Article": {"Subtitle": {...}}</c>).
/// </summary>
public sealed class ContentItem
{
    public string ContentItemId { get; set; } = "";
    public string ContentItemVersionId { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string? DisplayText { get; set; }
    public bool Latest { get; set; }
    public bool Published { get; set; }
    /// <summary>The name of the latest version's state in its type's workflow (<c>Draft</c>, <c>InReview</c>, a newsroom's own…).</summary>
    public string Status { get; set; } = "Draft";
    public DateTime? PublishAtUtc { get; set; }
    public DateTime? CreatedUtc { get; set; }
    public DateTime? ModifiedUtc { get; set; }
    public DateTime? PublishedUtc { get; set; }
    public string? Owner { get; set; }
    public string? Author { get; set; }
    public JsonObject Content { get; set; } = [];

    public JsonObject? Part(string name) => Content[name] as JsonObject;

    public JsonObject GetOrCreatePart(string name)
    {
        if (Content[name] is JsonObject part) return part;
        part = [];
        Content[name] = part;
        return part;
    }

    /// <summary>A copy sharing nothing with this one, as the start of a new version.</summary>
    public ContentItem Clone()
    {
        var copy = (ContentItem)MemberwiseClone();
        copy.Content = (JsonObject)Content.DeepClone();
        return copy;
    }
}
