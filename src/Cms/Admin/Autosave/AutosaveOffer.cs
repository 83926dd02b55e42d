using System.Text.Json.Nodes;
using Cms.Content;

namespace Cms.Admin;

/// <summary>One value that differs between the version saved since an autosave was started and the autosave itself.</summary>
public sealed record AutosaveDifference(string Label, string Html);

/// <summary>
/// "Reprendre la sauvegarde automatique de 17 h 20 ?": what the editor offers when the writer comes back to unsaved
/// work. When someone saved a newer version since the autosave was started, the differences between that version and
/// the autosave are shown before anything is restored, so that nobody overwrites a colleague's edit unawares.
/// </summary>
public sealed record AutosaveOffer(Autosave Autosave, ContentItem Restored, bool NewerVersionSaved, IReadOnlyList<AutosaveDifference> Differences)
{
    /// <summary>"17 h 20", Paris time: how a French newsroom says the hour.</summary>
    public string At => Hour(Autosave.UpdatedUtc);

    public static string Hour(DateTime utc) => Paris.FromUtc(utc).ToString("H' h 'mm", System.Globalization.CultureInfo.InvariantCulture);

    public static AutosaveOffer For(Autosave autosave, ContentItem? latest, ContentForm form)
    {
        var restored = ContentItemJson.FromObject(JsonNode.Parse(autosave.Json) as JsonObject ?? []);
        restored.ContentType = form.Type.Name;
        var newer = latest is not null && autosave.BasedOnVersionId != latest.ContentItemVersionId;
        return new AutosaveOffer(autosave, restored, newer, newer ? Compare(latest!, restored, form) : []);
    }

    private static List<AutosaveDifference> Compare(ContentItem saved, ContentItem autosaved, ContentForm form)
    {
        var values = new List<(string Label, JsonNode? Saved, JsonNode? Autosaved)>();
        if (form.TitlePart is { } title) values.Add(("Titre", saved.Part(title)?["Title"], autosaved.Part(title)?["Title"]));
        foreach (var field in form.Fields)
        {
            var name = field.Definition.Name;
            var (a, b) = (saved.Part(field.PartName)?[name], autosaved.Part(field.PartName)?[name]);
            values.Add(field.Definition.FieldName == "TextField" ? (field.Label, a?["Text"], b?["Text"]) : (field.Label, a, b));
        }
        if (form.AutoroutePart is { } route) values.Add(("Adresse (slug)", saved.Part(route)?["Path"], autosaved.Part(route)?["Path"]));
        if (form.HtmlBodyPart is { } body) values.Add(("Corps de l’article", saved.Part(body)?["Html"], autosaved.Part(body)?["Html"]));
        return values.Where(v => !JsonNode.DeepEquals(v.Saved, v.Autosaved) && Text(v.Saved) != Text(v.Autosaved))
            .Select(v => new AutosaveDifference(v.Label, WordDiff.Render(v.Saved, v.Autosaved))).ToList();
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : node?.ToJsonString() ?? "";
}
