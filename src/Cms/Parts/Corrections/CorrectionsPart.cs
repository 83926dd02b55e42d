using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;

namespace Cms.Parts.Corrections;

/// <summary>A public correction note and when it was published with its version.</summary>
public sealed record CorrectionNote(string Text, DateTime PublishedUtc);

/// <summary>
/// CorrectionsPart, in an item's JSON: <c>{"Notes": [{"Text", "PublishedUtc"}], "PendingNote": "…", "MajorUpdate": false,
/// "UpdatedUtc": "…"}</c>. An editor correcting a published article writes a public note (<c>PendingNote</c>) or marks
/// the edit a major update; when that version is published, <see cref="CorrectionsPartHandler"/> dates the note into
/// <c>Notes</c> and sets <c>UpdatedUtc</c>, the "updated on" readers are told. A silent typo fix changes neither.
/// </summary>
public static class CorrectionsPart
{
    public const string Name = nameof(CorrectionsPart);
    public const int MaxNoteLength = 2000;

    public static IReadOnlyList<CorrectionNote> Notes(ContentItem item) => Notes(item.Part(Name));

    public static IReadOnlyList<CorrectionNote> Notes(JsonObject? part)
    {
        if (part?["Notes"] is not JsonArray notes) return [];
        return notes.OfType<JsonObject>()
            .Select(n => JsonValues.TryGetString(n["Text"], out var text) && !string.IsNullOrWhiteSpace(text) && ReadUtc(n["PublishedUtc"]) is { } at
                ? new CorrectionNote(text!, at) : null)
            .OfType<CorrectionNote>().ToList();
    }

    /// <summary>
    /// When readers are told the item was last updated: for a type with this part, its last correction or major update
    /// (null when none); for another type, its last modification, as before.
    /// </summary>
    public static DateTime? UpdatedUtc(ContentItem item, ContentDefinitionSet definitions) =>
        definitions.FindType(item.ContentType)?.HasPart(Name) is true ? ReadUtc(item.Part(Name)?["UpdatedUtc"]) : item.ModifiedUtc;

    /// <summary>
    /// The "last modified" readers and robots are given (dateModified, the sitemap's lastmod): the last correction or major
    /// update, else the first publication; for a type without this part, the last modification.
    /// </summary>
    public static DateTime? DateModifiedUtc(ContentItem item, ContentDefinitionSet definitions) => UpdatedUtc(item, definitions) ?? item.PublishedUtc;

    public static DateTime? ReadUtc(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<DateTime>(out var at) ? DateTime.SpecifyKind(at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : at, DateTimeKind.Utc) : null;
}
