using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;

namespace Cms.Parts.Corrections;

/// <summary>
/// Checks a CorrectionsPart as it is saved. Published notes are a public record: a new version keeps the notes and the
/// update time of the version it replaces, whatever the client sent, so no edit (nor a restored old version) can change
/// or drop a correction; only a new item (a recipe, an import) brings its own.
/// </summary>
public sealed class CorrectionsPartValidator : IContentPartHandler
{
    public string PartName => CorrectionsPart.Name;

    public ValueTask ValidateAsync(ContentValidationContext context, ContentTypePartDefinition part, JsonObject value)
    {
        var path = part.Name;
        foreach (var (name, _) in value.ToList())
        {
            if (name is not ("Notes" or "PendingNote" or "MajorUpdate" or "UpdatedUtc")) context.Errors.Add($"{path}.{name}", $"'{name}' is not a member of {part.Name}.");
        }
        if (!JsonValues.TryGetString(value["PendingNote"], out var note)) context.Errors.Add($"{path}.PendingNote", "PendingNote must be a string.");
        else if (note?.Trim().Length > CorrectionsPart.MaxNoteLength) context.Errors.Add($"{path}.PendingNote", $"PendingNote is longer than {CorrectionsPart.MaxNoteLength} characters.");
        else value["PendingNote"] = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (value["MajorUpdate"] is { } major && major.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            context.Errors.Add($"{path}.MajorUpdate", "MajorUpdate must be true or false.");
        }

        if (context.Previous is { } previous)
        {
            var kept = previous.Part(part.Name);
            value["Notes"] = kept?["Notes"]?.DeepClone() ?? new JsonArray();
            value["UpdatedUtc"] = kept?["UpdatedUtc"]?.DeepClone();
            return ValueTask.CompletedTask;
        }
        if (value["Notes"] is { } notes && (notes is not JsonArray array || array.Any(n => n is not JsonObject o
            || !JsonValues.TryGetString(o["Text"], out var text) || string.IsNullOrWhiteSpace(text) || CorrectionsPart.ReadUtc(o["PublishedUtc"]) is null)))
        {
            context.Errors.Add($"{path}.Notes", "Notes must be an array of {\"Text\", \"PublishedUtc\"}, each with a text and an ISO 8601 date.");
        }
        if (value["UpdatedUtc"] is { } updated && CorrectionsPart.ReadUtc(updated) is null) context.Errors.Add($"{path}.UpdatedUtc", "UpdatedUtc must be an ISO 8601 date.");
        value["Notes"] ??= new JsonArray();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// When a version of an item that was published before is published again (by a transition, a scheduled publication or
/// the API), its pending correction note is dated and added to the notes, and a note or a major update sets the time
/// readers are told it was updated. A first publication has nothing to correct: a pending note or flag is dropped.
/// </summary>
public sealed class CorrectionsPartHandler(TimeProvider clock) : ContentHandler
{
    public override Task PublishingAsync(ContentContext context)
    {
        var definition = context.Type.Parts.FirstOrDefault(p => p.PartName == CorrectionsPart.Name);
        if (definition is null) return Task.CompletedTask;
        var part = context.Item.GetOrCreatePart(definition.Name);
        // PublishedUtc is the first publication's time and survives an unpublication: set, this is a republication.
        var republication = context.Item.PublishedUtc is not null;
        var now = clock.GetUtcNow().UtcDateTime;
        var note = part["PendingNote"] is JsonValue v && v.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
        var major = part["MajorUpdate"] is JsonValue m && m.TryGetValue<bool>(out var flag) && flag;
        if (republication && note is not null)
        {
            if (part["Notes"] is not JsonArray notes) part["Notes"] = notes = [];
            notes.Add(new JsonObject { ["Text"] = note, ["PublishedUtc"] = now });
        }
        if (republication && (note is not null || major)) part["UpdatedUtc"] = now;
        part["PendingNote"] = null;
        part["MajorUpdate"] = false;
        return Task.CompletedTask;
    }
}
