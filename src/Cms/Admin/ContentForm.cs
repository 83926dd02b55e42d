using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Parts.Taxonomy;

namespace Cms.Admin;

/// <summary>One editor input, generated from a field of the content definition (name = its JSON path, "Article.Subtitle").</summary>
public sealed record EditorField(string Key, string PartName, ContentPartFieldDefinition Definition, IReadOnlyList<TaxonomyTerm> Terms)
{
    public string Label => Definition.DisplayName;
    public string? Hint => Definition.Settings[Definition.FieldName + "Settings"]?["Hint"] is JsonValue v && v.TryGetValue<string>(out var hint) ? hint : null;
    public bool Unique => Definition.Settings["TaxonomyFieldSettings"]?["Unique"] is JsonValue v && v.TryGetValue<bool>(out var unique) && unique;
    public string Id => Key.Replace('.', '-');
    /// <summary>What the field is for (<see cref="FieldRoles"/>), which decides where the editor puts it.</summary>
    public string? Role => Definition.Role;
}

/// <summary>
/// Maps an item type's definition to form inputs and back: a field added to the recipe shows up in the
/// editor without code. Values the editor has no input for are carried over from the version being edited.
/// </summary>
public sealed class ContentForm(ContentTypeDefinition type, IReadOnlyList<EditorField> fields)
{
    public ContentTypeDefinition Type => type;
    public IReadOnlyList<EditorField> Fields => fields;
    public string? TitlePart => type.Parts.FirstOrDefault(p => p.PartName == "TitlePart")?.Name;
    public string? AutoroutePart => type.Parts.FirstOrDefault(p => p.PartName == "AutoroutePart")?.Name;
    public string? HtmlBodyPart => type.Parts.FirstOrDefault(p => p.PartName == "HtmlBodyPart")?.Name;
    /// <summary>Orchard's SeoMetaPart, when the type has it: the page's title and description for search engines and sharing.</summary>
    public string? SeoPart => type.Parts.FirstOrDefault(p => p.PartName == "SeoMetaPart")?.Name;

    /// <summary>The SeoMetaPart properties the editor writes (Orchard's names); the others are kept as they were.</summary>
    public static IReadOnlyList<string> SeoTexts => Parts.Seo.SeoMetaPartHandler.Texts;

    public JsonObject Read(IFormCollection form, ContentItem? previous)
    {
        var json = previous?.Content.DeepClone().AsObject() ?? [];
        json["ContentType"] = type.Name;
        if (TitlePart is { } title) Part(json, title)["Title"] = form[$"{title}.Title"].ToString().Trim();
        if (AutoroutePart is { } route) Part(json, route)["Path"] = form[$"{route}.Path"].ToString().Trim();
        if (HtmlBodyPart is { } body) Part(json, body)["Html"] = form[$"{body}.Html"].ToString();
        if (SeoPart is { } seo && form.ContainsKey($"{seo}.PageTitle"))
        {
            var part = Part(json, seo);
            foreach (var name in SeoTexts) part[name] = form[$"{seo}.{name}"].ToString().Trim();
            var images = Lines(form[$"{seo}.OpenGraphImage"].ToString());
            // A MediaField's shape, as Orchard stores OpenGraphImage.
            part["OpenGraphImage"] = new JsonObject
            {
                ["Paths"] = new JsonArray(images.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
                ["MediaTexts"] = new JsonArray(images.Select(_ => (JsonNode?)JsonValue.Create("")).ToArray()),
            };
        }
        foreach (var field in fields)
        {
            var part = Part(json, field.PartName);
            var value = form[field.Key];
            switch (field.Definition.FieldName)
            {
                case "TextField":
                    part[field.Definition.Name] = new JsonObject { ["Text"] = value.ToString().Trim() };
                    break;
                case "BooleanField":
                    part[field.Definition.Name] = new JsonObject { ["Value"] = value.Contains("true") };
                    break;
                case "TaxonomyField":
                    part[field.Definition.Name] = new JsonObject
                    {
                        ["TaxonomyContentItemId"] = field.Definition.Settings["TaxonomyFieldSettings"]?["TaxonomyContentItemId"]?.GetValue<string>(),
                        ["TermContentItemIds"] = new JsonArray(value.Where(v => !string.IsNullOrEmpty(v)).Distinct().Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                    };
                    break;
                case "UserPickerField":
                    // The handler writes UserNames from the users table.
                    part[field.Definition.Name] = new JsonObject
                    {
                        ["UserIds"] = new JsonArray(value.Where(v => !string.IsNullOrEmpty(v)).Distinct().Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                    };
                    break;
                case "MediaField":
                    var paths = Lines(value.ToString());
                    IReadOnlyList<string> texts = form.ContainsKey(field.Key + ".Alt") ? Lines(form[field.Key + ".Alt"].ToString()) : List(previous, field.Key, "MediaTexts");
                    part[field.Definition.Name] = new JsonObject
                    {
                        ["Paths"] = new JsonArray(paths.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
                        // One text per path (Orchard's shape): the alternative text an editor gave, else empty.
                        ["MediaTexts"] = new JsonArray(paths.Select((_, i) => (JsonNode?)JsonValue.Create(i < texts.Count ? texts[i] : "")).ToArray()),
                    };
                    break;
            }
        }
        return json;
    }

    public static string Text(ContentItem? item, string key, string property)
    {
        var dot = key.IndexOf('.');
        var node = item?.Part(key[..dot])?[key[(dot + 1)..]]?[property];
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
    }

    public static bool Flag(ContentItem? item, string key) =>
        item?.Part(key[..key.IndexOf('.')])?[key[(key.IndexOf('.') + 1)..]]?["Value"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public static IReadOnlyList<string> List(ContentItem? item, string key, string property) =>
        (item?.Part(key[..key.IndexOf('.')])?[key[(key.IndexOf('.') + 1)..]]?[property] as JsonArray ?? [])
            .Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList();

    public static string PartValue(ContentItem? item, string? part, string property) =>
        part is not null && item?.Part(part)?[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static JsonObject Part(JsonObject json, string name)
    {
        if (json[name] is JsonObject part) return part;
        var created = new JsonObject();
        json[name] = created;
        return created;
    }

    internal static int Position(ContentPartFieldDefinition field) =>
        int.TryParse(field.Settings["ContentPartFieldSettings"]?["Position"]?.ToString(), out var p) ? p : int.MaxValue;
}
