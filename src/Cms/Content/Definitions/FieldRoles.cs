using System.Text.Json.Nodes;

namespace Cms.Content.Definitions;

/// <summary>
/// What a field is for, set in its definition (<c>"ContentPartFieldSettings": {"Role": "Standfirst"}</c>), so that the
/// site, feeds, search, JSON-LD, the admin and imports find a type's standfirst or lead image without naming its fields.
/// A role is held by at most one field of a type, and only by a field of the kind that can carry it.
/// </summary>
public static class FieldRoles
{
    public const string Standfirst = nameof(Standfirst);
    public const string LeadImage = nameof(LeadImage);
    public const string Byline = nameof(Byline);
    public const string Category = nameof(Category);
    public const string Tags = nameof(Tags);
    public const string Source = nameof(Source);
    public const string Breaking = nameof(Breaking);
    /// <summary>The item's authors who are users (Orchard's UserPickerField); the Byline text, when set, overrides them on display.</summary>
    public const string Authors = nameof(Authors);
    /// <summary>Authors who are not users (a freelance, an agency), as text: "Jean Dupont, AFP".</summary>
    public const string Contributors = nameof(Contributors);

    /// <summary>Each role and the field kind that carries it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Standfirst] = "TextField",
        [LeadImage] = "MediaField",
        [Byline] = "TextField",
        [Category] = "TaxonomyField",
        [Tags] = "TaxonomyField",
        [Source] = "TextField",
        [Breaking] = "BooleanField",
        [Authors] = "UserPickerField",
        [Contributors] = "TextField",
    };
}

/// <summary>The field of a type that holds a role: where its value is in an item (<c>item[PartName][FieldName]</c>).</summary>
public sealed record RoleField(string Role, string PartName, ContentPartFieldDefinition Field)
{
    /// <summary>"Article.Category": the name under which a TaxonomyField's terms are indexed.</summary>
    public string Key => $"{PartName}.{Field.Name}";

    public JsonObject? ValueIn(ContentItem item) => item.Part(PartName)?[Field.Name] as JsonObject;

    /// <summary>A TextField's text, trimmed; null when empty, so that templates show nothing rather than a label alone.</summary>
    public string? TextIn(ContentItem item) =>
        ValueIn(item)?["Text"] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    /// <summary>A UserPickerField's user ids, in the editor's order.</summary>
    public IEnumerable<string> UsersIn(ContentItem item) => Strings(ValueIn(item)?["UserIds"]);

    public bool FlagIn(ContentItem item) => ValueIn(item)?["Value"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>A TaxonomyField's term ids, in the editor's order.</summary>
    public IEnumerable<string> TermsIn(ContentItem item) => Strings(ValueIn(item)?["TermContentItemIds"]);

    /// <summary>A MediaField's first path and its text; nulls when it holds none.</summary>
    public (string? Path, string? Text) FirstMediaIn(ContentItem item)
    {
        var value = ValueIn(item);
        var path = Strings(value?["Paths"]).FirstOrDefault();
        var text = Strings(value?["MediaTexts"]).FirstOrDefault();
        return (string.IsNullOrEmpty(path) ? null : path, text);
    }

    /// <summary>The taxonomy a TaxonomyField points to.</summary>
    public string? TaxonomyContentItemId => Field.Settings.StringSetting("TaxonomyFieldSettings", "TaxonomyContentItemId");

    private static IEnumerable<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>();
}
