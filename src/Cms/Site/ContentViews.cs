using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Authors;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Media;
using Cms.Parts.Taxonomy;

namespace Cms.Site;

/// <summary>
/// Turns published items into what templates read: <c>ContentItem</c> in Orchard Core's JSON shape
/// (<c>ContentItem.TitlePart.Title</c>…) plus what the fields in their roles hold, resolved: <c>Url</c>, <c>Title</c>,
/// <c>Standfirst</c>, <c>Byline</c>, <c>Source</c>, <c>Category</c>, <c>Tags</c>, <c>Image</c>, <c>Breaking</c>. An empty
/// or blank value is null (Liquid takes "" for true), so a template's <c>if</c> shows nothing rather than a label alone.
/// <c>Breaking</c> is true only for an alert published after <paramref name="breakingSince"/>: an old alert is ordinary news.
/// </summary>
public sealed class ContentViews(ContentDefinitionSet definitions, Taxonomy? categories, Taxonomy? tags, IReadOnlyDictionary<string, MediaAsset> media,
    DateTime breakingSince, IReadOnlyDictionary<string, AuthorProfile> authors)
{
    public static IEnumerable<string> ImagePaths(ContentDefinitionSet definitions, IEnumerable<ContentItem> items) =>
        items.Select(i => definitions.FirstMedia(i, FieldRoles.LeadImage).Path).OfType<string>();

    public static string? CategoryId(ContentDefinitionSet definitions, ContentItem item) => definitions.Terms(item, FieldRoles.Category).FirstOrDefault();

    /// <summary>Whether the item is an alert still announced: flagged in the Breaking role and published after <paramref name="since"/>.</summary>
    public static bool IsBreaking(ContentDefinitionSet definitions, ContentItem item, DateTime since) =>
        item.PublishedUtc > since && definitions.Flag(item, FieldRoles.Breaking);

    public static string Title(ContentItem item) => item.Part("TitlePart")?["Title"]?.GetValue<string>() ?? item.DisplayText ?? "";

    public Dictionary<string, object?> View(ContentItem item)
    {
        var category = CategoryId(definitions, item) is { } id ? categories?.FindTerm(id) : null;
        return new Dictionary<string, object?>
        {
            ["ContentItem"] = Document(item),
            ["ContentType"] = item.ContentType,
            ["Url"] = SitePaths.Item(item.Part("AutoroutePart")?["Path"]?.GetValue<string>() ?? item.ContentItemId),
            ["Title"] = Title(item),
            ["Standfirst"] = definitions.Text(item, FieldRoles.Standfirst),
            ["Byline"] = definitions.Text(item, FieldRoles.Byline),
            ["Authors"] = Authors(item),
            ["Source"] = definitions.Text(item, FieldRoles.Source),
            ["Category"] = category is null ? null : Term(category, SitePaths.Category(category.Slug)),
            ["Tags"] = definitions.Terms(item, FieldRoles.Tags).Select(t => tags?.FindTerm(t)).OfType<TaxonomyTerm>().Select(t => Term(t, SitePaths.Tag(t.Slug))).ToList(),
            ["Image"] = Image(item),
            ["Breaking"] = IsBreaking(definitions, item, breakingSince),
        };
    }

    /// <summary>
    /// Who wrote the item, in order: its users in the Authors role (with their page's URL when they have one), then its
    /// contributors (free text, comma-separated). The theme shows them as "Par A, B et C" unless the Byline overrides.
    /// </summary>
    private List<Dictionary<string, object?>> Authors(ContentItem item)
    {
        var list = definitions.Users(item, FieldRoles.Authors).Select(id => authors.GetValueOrDefault(id)).OfType<AuthorProfile>()
            .Select(a => new Dictionary<string, object?> { ["Name"] = a.DisplayName, ["Url"] = a.Slug is null ? null : SitePaths.Author(a.Slug) })
            .ToList();
        foreach (var name in (definitions.Text(item, FieldRoles.Contributors) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            list.Add(new Dictionary<string, object?> { ["Name"] = name, ["Url"] = null });
        }
        return list;
    }

    public List<Dictionary<string, object?>> Views(IEnumerable<ContentItem> items) => items.Select(View).ToList();

    public static Dictionary<string, object?> Term(TaxonomyTerm term, string url) => new()
    {
        ["Id"] = term.ContentItemId,
        ["Name"] = term.Name,
        ["Slug"] = term.Slug,
        ["Url"] = url,
    };

    private Dictionary<string, object?>? Image(ContentItem item)
    {
        var (path, alt) = definitions.FirstMedia(item, FieldRoles.LeadImage);
        if (path is null) return null;
        media.TryGetValue(path, out var asset);
        return new Dictionary<string, object?>
        {
            ["Path"] = path,
            ["Alt"] = string.IsNullOrWhiteSpace(alt) ? asset?.Alt ?? "" : alt,
            ["Caption"] = Blank(asset?.Caption),
            ["Credit"] = Blank(asset?.Credit),
            ["Width"] = asset?.Width > 0 ? asset.Width : null,
            ["Height"] = asset?.Height > 0 ? asset.Height : null,
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>The item's document as dictionaries, lists and scalars, which Liquid walks by member name.</summary>
    private static Dictionary<string, object?> Document(ContentItem item)
    {
        var document = new Dictionary<string, object?>
        {
            ["ContentItemId"] = item.ContentItemId,
            ["ContentItemVersionId"] = item.ContentItemVersionId,
            ["ContentType"] = item.ContentType,
            ["DisplayText"] = item.DisplayText,
            ["CreatedUtc"] = item.CreatedUtc,
            ["ModifiedUtc"] = item.ModifiedUtc,
            ["PublishedUtc"] = item.PublishedUtc,
            ["Author"] = item.Author,
        };
        foreach (var (name, value) in item.Content) document[name] = Plain(value);
        return document;
    }

    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => v.TryGetValue<decimal>(out var d) ? d : v.ToJsonString(),
            _ => null,
        },
        _ => null,
    };
}
