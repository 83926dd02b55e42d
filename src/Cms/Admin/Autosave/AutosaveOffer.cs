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

    public static async Task<AutosaveOffer> ForAsync(Autosave autosave, ContentItem? latest, ContentForm form, DiffUserNames userNames)
    {
        var restored = ContentItemJson.FromObject(JsonNode.Parse(autosave.Json) as JsonObject ?? []);
        restored.ContentType = form.Type.Name;
        var newer = latest is not null && autosave.BasedOnVersionId != latest.ContentItemVersionId;
        return new AutosaveOffer(autosave, restored, newer, newer ? await CompareAsync(latest!, restored, form, userNames) : []);
    }

    private static async Task<List<AutosaveDifference>> CompareAsync(ContentItem saved, ContentItem autosaved, ContentForm form, DiffUserNames userNames)
    {
        var values = new List<(string Label, JsonNode? Saved, JsonNode? Autosaved, bool People)>();
        if (form.TitlePart is { } title) values.Add(("Titre", saved.Part(title)?["Title"], autosaved.Part(title)?["Title"], false));
        foreach (var field in form.Fields)
        {
            var name = field.Definition.Name;
            var (a, b) = (saved.Part(field.PartName)?[name], autosaved.Part(field.PartName)?[name]);
            values.Add(field.Definition.FieldName switch
            {
                "TextField" => (field.Label, a?["Text"], b?["Text"], false),
                // The authors: their ids say who changed; their sign-in names (UserNames, kept in step) would only repeat it.
                "UserPickerField" => (field.Label, a?["UserIds"], b?["UserIds"], true),
                _ => (field.Label, a, b, false),
            });
        }
        if (form.AutoroutePart is { } route) values.Add(("Adresse (slug)", saved.Part(route)?["Path"], autosaved.Part(route)?["Path"], false));
        if (form.HtmlBodyPart is { } body) values.Add(("Corps de l’article", saved.Part(body)?["Html"], autosaved.Part(body)?["Html"], false));
        var differing = values.Where(v => !JsonNode.DeepEquals(v.Saved, v.Autosaved) && Text(v.Saved) != Text(v.Autosaved)).ToList();
        // Shown as the people's names, looked up once for the whole offer (no query when no author changed), like the history's compare view.
        var people = await userNames.PeopleAsync(differing.Where(v => v.People).SelectMany(v => new[] { v.Saved, v.Autosaved }));
        return differing.Select(v => new AutosaveDifference(v.Label, v.People
            ? WordDiff.Render(DiffUserNames.Names(v.Saved, people), DiffUserNames.Names(v.Autosaved, people))
            : WordDiff.Render(v.Saved, v.Autosaved))).ToList();
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : node?.ToJsonString() ?? "";
}
