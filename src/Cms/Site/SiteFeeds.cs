using System.Globalization;
using System.Text;
using System.Xml;
using Cms.Authors;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Parts.Taxonomy;
using Microsoft.Extensions.Options;

namespace Cms.Site;

/// <summary>RSS 2.0 feeds, the sitemap, the Google News sitemap and robots.txt: published articles only, absolute links.</summary>
public sealed class SiteFeeds(SiteReader reader, IOptions<SiteOptions> options, TimeProvider clock)
{
    public const int FeedSize = 50;
    public static readonly TimeSpan NewsWindow = TimeSpan.FromHours(48);
    private const string SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string NewsNs = "http://www.google.com/schemas/sitemap-news/0.9";
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = true, Async = false };

    private SiteOptions Site => options.Value;

    /// <summary>The latest published articles, all of them or one category's; null when the category does not exist.</summary>
    public async Task<SitePage?> RssAsync(string baseUrl, string? categorySlug = null)
    {
        var categories = await reader.CategoriesAsync();
        TaxonomyTerm? category = null;
        if (categorySlug is not null)
        {
            category = categories?.FindBySlug(categorySlug);
            if (category is null) return null;
        }
        // A parent category's feed carries its sub-categories' articles too, as its page lists them.
        var items = category is null
            ? await reader.LatestAsync(0, FeedSize)
            : await reader.LatestInAsync(0, FeedSize, categories!.SelfAndDescendants(category.ContentItemId));
        return await Rss(baseUrl, items, categories,
            category is null ? Site.Name : $"{category.Name} | {Site.Name}",
            baseUrl + (category is null ? "/" : SitePaths.Category(category.Slug)),
            category is null ? Site.Description : $"{category.Name} : les derniers articles de {Site.Name}.",
            baseUrl + (category is null ? SitePaths.Rss : SitePaths.CategoryRss(category.Slug)));
    }

    /// <summary>An author's latest published articles; null when the author has no page (no address, or no published article).</summary>
    public async Task<SitePage?> AuthorRssAsync(string baseUrl, string slug)
    {
        var author = await reader.AuthorBySlugAsync(slug);
        if (author?.Slug is null) return null;
        var items = await reader.ByAuthorAsync(author.UserId);
        if (items.Count == 0) return null;
        return await Rss(baseUrl, items.Take(FeedSize).ToList(), await reader.CategoriesAsync(), $"{author.DisplayName} | {Site.Name}",
            baseUrl + SitePaths.Author(author.Slug), $"Les derniers articles de {author.DisplayName} sur {Site.Name}.", baseUrl + SitePaths.AuthorRss(author.Slug));
    }

    private async Task<SitePage> Rss(string baseUrl, IReadOnlyList<ContentItem> items, Taxonomy? categories, string title, string link, string description, string self)
    {
        var definitions = reader.Definitions;
        var authors = await reader.AuthorsAsync(items);
        return Xml(SitePage.RssXml, xml =>
        {
            xml.WriteStartElement("rss");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteAttributeString("xmlns", "atom", null, AtomNs);
            xml.WriteAttributeString("xmlns", "dc", null, DcNs);
            xml.WriteStartElement("channel");
            xml.WriteElementString("title", title);
            xml.WriteElementString("link", link);
            xml.WriteElementString("description", description);
            xml.WriteElementString("language", "fr");
            xml.WriteElementString("lastBuildDate", Rfc822(items.Select(i => i.ModifiedUtc ?? i.PublishedUtc).Max() ?? clock.GetUtcNow().UtcDateTime));
            xml.WriteStartElement("atom", "link", AtomNs);
            xml.WriteAttributeString("href", self);
            xml.WriteAttributeString("rel", "self");
            xml.WriteAttributeString("type", "application/rss+xml");
            xml.WriteEndElement();
            foreach (var item in items)
            {
                var url = baseUrl + SitePaths.Item(item.Part("AutoroutePart")?["Path"]?.GetValue<string>() ?? item.ContentItemId);
                xml.WriteStartElement("item");
                xml.WriteElementString("title", ContentViews.Title(item));
                xml.WriteElementString("link", url);
                xml.WriteStartElement("guid");
                xml.WriteAttributeString("isPermaLink", "true");
                xml.WriteString(url);
                xml.WriteEndElement();
                if (item.PublishedUtc is { } published) xml.WriteElementString("pubDate", Rfc822(published));
                if (ContentViews.CategoryId(definitions, item) is { } id && categories?.FindTerm(id) is { } term) xml.WriteElementString("category", term.Name);
                if (Creator(definitions, item, authors) is { } creator) xml.WriteElementString("dc", "creator", DcNs, creator);
                xml.WriteElementString("description", definitions.Text(item, FieldRoles.Standfirst) ?? "");
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
        });
    }

    /// <summary>The byline as the site shows it: the Byline override, else the authors and contributors, "A, B et C".</summary>
    private static string? Creator(ContentDefinitionSet definitions, ContentItem item, IReadOnlyDictionary<string, AuthorProfile> authors)
    {
        if (definitions.Text(item, FieldRoles.Byline) is { } byline) return byline;
        var names = definitions.Users(item, FieldRoles.Authors).Select(id => authors.GetValueOrDefault(id)?.DisplayName).OfType<string>()
            .Concat((definitions.Text(item, FieldRoles.Contributors) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        return names.Count switch
        {
            0 => null,
            1 => names[0],
            _ => string.Join(", ", names[..^1]) + " et " + names[^1],
        };
    }

    public async Task<SitePage> SitemapAsync(string baseUrl)
    {
        var entries = await reader.EntriesAsync();
        var categories = await reader.CategoriesAsync();
        var latestByCategory = await reader.LatestByTermAsync();
        var authorPages = await reader.AuthorPagesAsync();
        return Xml(SitePage.Xml, xml =>
        {
            xml.WriteStartElement("urlset", SitemapNs);
            // lastmod is when readers were told of a change (publication, correction, major update), never a silent fix.
            Url(xml, baseUrl + "/", entries.Select(e => e.UpdatedUtc ?? e.PublishedUtc).Max());
            foreach (var term in categories?.Terms ?? [])
            {
                Url(xml, baseUrl + SitePaths.Category(term.Slug), latestByCategory.GetValueOrDefault(term.ContentItemId));
            }
            foreach (var entry in entries) Url(xml, baseUrl + SitePaths.Item(entry.Path), entry.UpdatedUtc ?? entry.PublishedUtc);
            foreach (var (author, lastModified) in authorPages) Url(xml, baseUrl + SitePaths.Author(author.Slug!), lastModified);
            xml.WriteEndElement();
        });
    }

    /// <summary>Articles first published in the last 48 hours, as Google News wants them.</summary>
    public async Task<SitePage> NewsSitemapAsync(string baseUrl)
    {
        var entries = await reader.EntriesAsync(clock.GetUtcNow().UtcDateTime - NewsWindow);
        return Xml(SitePage.Xml, xml =>
        {
            xml.WriteStartElement("urlset", SitemapNs);
            xml.WriteAttributeString("xmlns", "news", null, NewsNs);
            foreach (var entry in entries)
            {
                xml.WriteStartElement("url", SitemapNs);
                xml.WriteElementString("loc", SitemapNs, baseUrl + SitePaths.Item(entry.Path));
                xml.WriteStartElement("news", "news", NewsNs);
                xml.WriteStartElement("news", "publication", NewsNs);
                xml.WriteElementString("news", "name", NewsNs, Site.Name);
                xml.WriteElementString("news", "language", NewsNs, "fr");
                xml.WriteEndElement();
                if (entry.PublishedUtc is { } published) xml.WriteElementString("news", "publication_date", NewsNs, W3c(published));
                xml.WriteElementString("news", "title", NewsNs, entry.Title ?? "");
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        });
    }

    public static SitePage Robots(string baseUrl) => SitePage.Of(StatusCodes.Status200OK, SitePage.Text, $"""
        User-agent: *
        Allow: /
        Disallow: /admin
        Disallow: /api

        Sitemap: {baseUrl}/sitemap.xml
        Sitemap: {baseUrl}/sitemap-news.xml

        """);

    /// <summary>RFC 822 (as RFC 1123 writes it): "Sat, 23 Nov 2024 06:00:00 GMT".</summary>
    public static string Rfc822(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("r", CultureInfo.InvariantCulture);

    private static string W3c(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Url(XmlWriter xml, string loc, DateTime? lastModified)
    {
        xml.WriteStartElement("url", SitemapNs);
        xml.WriteElementString("loc", SitemapNs, loc);
        if (lastModified is { } last) xml.WriteElementString("lastmod", SitemapNs, W3c(last));
        xml.WriteEndElement();
    }

    private static SitePage Xml(string contentType, Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            xml.WriteStartDocument();
            write(xml);
            xml.WriteEndDocument();
        }
        return new SitePage(StatusCodes.Status200OK, contentType, buffer.ToArray());
    }
}
