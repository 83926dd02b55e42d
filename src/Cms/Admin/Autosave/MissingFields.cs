using Cms.Content;
using Cms.Content.Definitions;

namespace Cms.Admin;

/// <summary>A field the autosave found incomplete: the id of its input (to mark it) and its French label (to name it).</summary>
public sealed record MissingField(string Id, string Label, string Message);

/// <summary>
/// Checks the form's state the way a save would, without saving: an autosave keeps an incomplete draft, and tells the
/// writer which fields a save would refuse.
/// </summary>
public sealed class MissingFields(ContentValidator validator, ContentDefinitionStore definitions)
{
    public async Task<IReadOnlyList<MissingField>> OfAsync(ContentItem item, ContentItem? previous, ContentForm form)
    {
        var set = definitions.Current;
        var errors = (await validator.ValidateAsync(item.Clone(), form.Type, set, previous)).ToDictionary();
        return errors.Select(e => new MissingField(InputId(e.Key, form), FieldLabels.Of(e.Key, form.Type, set), FieldMessages.InFrench(e.Value.FirstOrDefault() ?? "")))
            .DistinctBy(m => m.Id).ToList();
    }

    /// <summary>The id the editor gives the input of a value's JSON path (see Edit.cshtml).</summary>
    public static string InputId(string path, ContentForm form)
    {
        var part = path.Split('.')[0];
        if (part == form.TitlePart) return "title";
        if (part == form.AutoroutePart) return "slug";
        if (part == form.HtmlBodyPart) return "body-editor";
        var field = form.Fields.FirstOrDefault(f => path == f.Key || path.StartsWith(f.Key + ".", StringComparison.Ordinal));
        return field?.Id ?? path.Replace('.', '-');
    }
}
