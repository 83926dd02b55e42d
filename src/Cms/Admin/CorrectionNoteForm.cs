using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Parts.Corrections;

namespace Cms.Admin;

/// <summary>
/// The editor's correction inputs (<c>_CorrectionNote.cshtml</c>): a public note and the "major update" box, read into
/// the item's CorrectionsPart. Shown only once the item has a published version; absent from the form, nothing changes.
/// </summary>
public static class CorrectionNoteForm
{
    public const string NoteKey = "CorrectionsPart.PendingNote";
    public const string MajorKey = "CorrectionsPart.MajorUpdate";

    public static bool Applies(ContentTypeDefinition type) => type.HasPart(CorrectionsPart.Name);

    public static string PendingNote(ContentItem? item) =>
        item?.Part(CorrectionsPart.Name)?["PendingNote"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    public static bool MajorUpdate(ContentItem? item) =>
        item?.Part(CorrectionsPart.Name)?["MajorUpdate"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public static void Read(IFormCollection form, JsonObject input, ContentTypeDefinition type)
    {
        if (!Applies(type) || !form.ContainsKey(NoteKey)) return;
        var name = type.Parts.First(p => p.PartName == CorrectionsPart.Name).Name;
        if (input[name] is not JsonObject part) input[name] = part = [];
        var note = form[NoteKey].ToString().Trim();
        part["PendingNote"] = note.Length == 0 ? null : note;
        part["MajorUpdate"] = form[MajorKey].Contains("true");
    }
}
