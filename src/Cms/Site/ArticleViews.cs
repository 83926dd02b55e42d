using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Media;
using Cms.Parts.Taxonomy;

namespace Cms.Site;

/// <summary>
/// Turns published items into what templates read: <c>ContentItem</c> in Orchard Core's JSON shape
/// (<c>ContentItem.TitlePart.Title</c>, <c>ContentItem.Article.Subtitle.Text</c>…) plus the resolved
/// <c>Url</c>, <c>Category</c>, <c>Tags</c>, <c>Image</c> and <c>Breaking</c>.
/// </summary>
public sealed class ArticleViews(Taxonomy? categories, Taxonomy? tags, IReadOnlyDictionary<string, MediaAsset> media)
{
    public static IEnumerable<string> ImagePaths(IEnumerable<ContentItem> items) =>
        items.Select(i => FirstImage(i).Path).OfType<string>();

    public static string? CategoryId(ContentItem item) => TermIds(item, "Category").FirstOrDefault();

    public static IEnumerable<string> TermIds(ContentItem item, string field) =>
        (item.Part("Article")?[field]?["TermContentItemIds"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>();

    public static bool IsBreaking(ContentItem item) =>
        item.Part("Article")?["Breaking"]?["Value"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public Dictionary<string, object?> View(ContentItem item)
    {
        var category = CategoryId(item) is { } id ? categories?.FindTerm(id) : null;
        return new Dictionary<string, object?>
        {
            ["ContentItem"] = Document(item),
            ["Url"] = SitePaths.Item(item.Part("AutoroutePart")?["Path"]?.GetValue<string>() ?? item.ContentItemId),
            ["Title"] = item.Part("TitlePart")?["Title"]?.GetValue<string>() ?? item.DisplayText ?? "",
            ["Category"] = category is null ? null : Term(category, SitePaths.Category(category.Slug)),
            ["Tags"] = TermIds(item, "Tags").Select(t => tags?.FindTerm(t)).OfType<TaxonomyTerm>().Select(t => Term(t, SitePaths.Tag(t.Slug))).ToList(),
            ["Image"] = Image(item),
            ["Breaking"] = IsBreaking(item),
        };
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
        var (path, alt) = FirstImage(item);
        if (path is null) return null;
        media.TryGetValue(path, out var asset);
        return new Dictionary<string, object?>
        {
            ["Path"] = path,
            ["Alt"] = string.IsNullOrWhiteSpace(alt) ? asset?.Alt ?? "" : alt,
            ["Caption"] = asset?.Caption,
            ["Credit"] = asset?.Credit,
            ["Width"] = asset?.Width > 0 ? asset.Width : null,
            ["Height"] = asset?.Height > 0 ? asset.Height : null,
        };
    }

    private static (string? Path, string? Alt) FirstImage(ContentItem item)
    {
        var field = item.Part("Article")?["Image"];
        var path = (field?["Paths"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
        var alt = (field?["MediaTexts"] as JsonArray)?.FirstOrDefault() is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return (string.IsNullOrEmpty(path) ? null : path, alt);
    }

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
