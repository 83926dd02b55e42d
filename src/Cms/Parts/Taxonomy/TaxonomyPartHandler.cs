using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Parts.Autoroute;

namespace Cms.Parts.Taxonomy;

/// <summary>
/// TaxonomyPart: <c>{"TermContentType": "Category", "Terms": [ {term item}, … ]}</c>. Each term gets an id,
/// a title, a slug unique in the taxonomy (<c>AutoroutePart.Path</c>) and a link back to its taxonomy.
/// </summary>
public sealed class TaxonomyPartHandler : IContentPartHandler
{
    public string PartName => "TaxonomyPart";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentTypePartDefinition part, JsonObject value)
    {
        var termType = part.Settings.StringSetting("TaxonomyPartSettings", "TermContentType")
            ?? (JsonValues.TryGetString(value["TermContentType"], out var declared) ? declared : null);
        if (string.IsNullOrEmpty(termType))
        {
            context.Errors.Add(part.Name + ".TermContentType", "A taxonomy needs a term content type.");
            return ValueTask.CompletedTask;
        }
        value["TermContentType"] = termType;

        var terms = value["Terms"] ?? new JsonArray();
        if (terms is not JsonArray array)
        {
            context.Errors.Add(part.Name + ".Terms", "Terms must be an array of term items.");
            return ValueTask.CompletedTask;
        }
        value["Terms"] = array;

        var slugs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"{part.Name}.Terms[{i}]";
            if (array[i] is not JsonObject term)
            {
                context.Errors.Add(path, "A term must be an object.");
                continue;
            }
            ValidateTerm(context, term, termType, path, slugs, ids);
        }
        return ValueTask.CompletedTask;
    }

    private static void ValidateTerm(ContentValidationContext context, JsonObject term, string termType, string path, HashSet<string> slugs, HashSet<string> ids)
    {
        if (!JsonValues.TryGetString(term["ContentItemId"], out var id) || string.IsNullOrEmpty(id)) id = IdGenerator.NewId();
        if (!ids.Add(id)) context.Errors.Add(path + ".ContentItemId", $"The term id '{id}' appears twice.");

        var title = (term["TitlePart"]?["Title"] ?? term["DisplayText"]) is JsonValue t && t.TryGetValue<string>(out var s) ? s.Trim() : null;
        if (string.IsNullOrEmpty(title))
        {
            context.Errors.Add(path + ".TitlePart.Title", "A term needs a title.");
            return;
        }

        var slug = term["AutoroutePart"]?["Path"] is JsonValue p && p.TryGetValue<string>(out var given) && given.Trim().Length > 0
            ? Slug.From(given)
            : Slug.From(title);
        if (string.IsNullOrEmpty(slug)) context.Errors.Add(path + ".AutoroutePart.Path", "The term's slug is empty.");
        else if (!slugs.Add(slug)) context.Errors.Add(path + ".AutoroutePart.Path", $"Another term already has the slug '{slug}'.");

        // Children: slugs stay unique across the whole tree, so that /categorie/<slug> finds a child by its own slug.
        if (term["Terms"] is JsonArray children)
        {
            for (var i = 0; i < children.Count; i++)
            {
                if (children[i] is JsonObject child) ValidateTerm(context, child, termType, $"{path}.Terms[{i}]", slugs, ids);
                else context.Errors.Add($"{path}.Terms[{i}]", "A term must be an object.");
            }
        }
        else if (term["Terms"] is not null) context.Errors.Add(path + ".Terms", "Terms must be an array of term items.");

        term["ContentItemId"] = id;
        term["ContentType"] = termType;
        term["DisplayText"] = title;
        term["TitlePart"] = new JsonObject { ["Title"] = title };
        term["AutoroutePart"] = new JsonObject { ["Path"] = slug };
        term["TermPart"] = new JsonObject { ["TaxonomyContentItemId"] = context.Item.ContentItemId };
    }
}
