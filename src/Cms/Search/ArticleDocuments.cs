using System.Text.Json.Nodes;
using Cms.Content;
using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace Cms.Search;

/// <summary>Turns a content item version into a Lucene document, under Orchard Core's field names where it has one.</summary>
public static class ArticleDocuments
{
    public const string Id = "Content.ContentItem.ContentItemId";
    public const string VersionId = "Content.ContentItem.ContentItemVersionId";
    public const string ContentType = "Content.ContentItem.ContentType";
    public const string DisplayText = "Content.ContentItem.DisplayText";
    public const string Title = "Content.ContentItem.DisplayText.Analyzed";
    public const string Subtitle = "Article.Subtitle";
    public const string Body = "Content.BodyAspect.Body";
    public const string FullText = "Content.ContentItem.FullText";
    public const string Published = "Content.ContentItem.Published";
    public const string Latest = "Content.ContentItem.Latest";
    public const string Owner = "Content.ContentItem.Owner";
    public const string Author = "Content.ContentItem.Author";
    public const string Status = "Content.ContentItem.Status";
    public const string PublishedUtc = "Content.ContentItem.PublishedUtc";
    public const string Category = "Article.Category.TermContentItemIds";
    public const string Path = "AutoroutePart.Path";

    /// <summary>Publication time, or the last save for an item never published: what "sort=date" orders by.</summary>
    public const string SortDate = "Sort.Date";

    /// <summary>The fields a reader's words are looked for in, with their weights: the title and the standfirst count more than the body.</summary>
    public static IReadOnlyDictionary<string, float> TextFields { get; } = new Dictionary<string, float>
    {
        [Title] = 4f,
        [Subtitle] = 2f,
        [Body] = 1f,
    };

    public static Document Build(ContentItem item)
    {
        var title = item.DisplayText ?? item.Part("TitlePart")?["Title"]?.GetValue<string>() ?? "";
        var typePart = item.Part(item.ContentType);
        var subtitle = Text(typePart?["Subtitle"]);
        var body = HtmlText.ToPlainText(Text(item.Part("HtmlBodyPart")?["Html"] is { } html ? html : null) ?? "");

        var document = new Document
        {
            new StringField(Id, item.ContentItemId, Field.Store.YES),
            new StringField(VersionId, item.ContentItemVersionId, Field.Store.YES),
            new StringField(ContentType, item.ContentType, Field.Store.YES),
            new StoredField(DisplayText, title),
            new TextField(Title, title, Field.Store.NO),
            new TextField(Body, body, Field.Store.YES),
            new StringField(Published, item.Published ? "true" : "false", Field.Store.NO),
            new StringField(Latest, item.Latest ? "true" : "false", Field.Store.NO),
            new StringField(Status, item.Status.ToString(), Field.Store.YES),
        };
        if (subtitle is not null) document.Add(new TextField(Subtitle, subtitle, Field.Store.NO));
        if (item.Owner is not null) document.Add(new StringField(Owner, item.Owner, Field.Store.NO));
        if (item.Author is not null) document.Add(new StringField(Author, item.Author, Field.Store.NO));
        if (item.Part("AutoroutePart")?["Path"] is JsonValue path && path.TryGetValue<string>(out var p)) document.Add(new StoredField(Path, p));
        if (item.PublishedUtc is { } published) document.Add(new StoredField(PublishedUtc, published.Ticks));
        document.Add(new NumericDocValuesField(SortDate, (item.PublishedUtc ?? item.ModifiedUtc ?? DateTime.MinValue).Ticks));

        var first = true;
        foreach (var term in (typePart?["Category"]?["TermContentItemIds"] as JsonArray ?? []).Select(Text).OfType<string>().Distinct())
        {
            document.Add(new StringField(Category, term, first ? Field.Store.YES : Field.Store.NO));
            document.Add(new SortedSetDocValuesField(Category, new BytesRef(term)));
            first = false;
        }
        return document;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o => Text(o["Text"]),
        _ => null,
    };
}
