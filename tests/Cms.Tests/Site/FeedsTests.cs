using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Cms.Tests.Support;

namespace Cms.Tests.Site;

/// <summary>RSS feeds, sitemaps and robots.txt: well-formed, absolute, published articles only.</summary>
public sealed class FeedsTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace News = "http://www.google.com/schemas/sitemap-news/0.9";
    private CmsHost Host => fixture.Host;
    private string Origin => Host.BaseAddress.ToString().TrimEnd('/');

    private async Task<XDocument> XmlAsync(HttpClient reader, string url, string mediaType)
    {
        var response = await reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rss_feed_lists_published_articles_with_absolute_links_rfc822_dates_category_and_standfirst()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Le prix du gaz"), "economie");
        using var reader = Host.CreateClient();

        var rss = await XmlAsync(reader, "/rss", "application/rss+xml");

        Assert.Equal("2.0", rss.Root!.Attribute("version")!.Value);
        var channel = rss.Root.Element("channel")!;
        Assert.Equal("Le Journal", channel.Element("title")!.Value);
        Assert.Equal("fr", channel.Element("language")!.Value);
        var items = channel.Elements("item").ToList();
        Assert.InRange(items.Count, 7, 50);
        var item = items.Single(i => i.Element("title")!.Value == article.Title);
        Assert.Equal($"{Origin}/{article.Path}", item.Element("link")!.Value);
        Assert.Equal($"{Origin}/{article.Path}", item.Element("guid")!.Value);
        Assert.Equal("Économie", item.Element("category")!.Value);
        Assert.Equal("Le chapeau.", item.Element("description")!.Value);
        var published = DateTime.ParseExact(item.Element("pubDate")!.Value, "r", CultureInfo.InvariantCulture);
        Assert.InRange(published, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
        var koursk = items.Single(i => i.Element("title")!.Value.StartsWith("Des soldats nord-coréens", StringComparison.Ordinal));
        Assert.Equal("Sat, 23 Nov 2024 06:00:00 GMT", koursk.Element("pubDate")!.Value);
    }

    [Fact]
    public async Task Category_feed_has_only_that_categorys_articles()
    {
        using var admin = await Host.AdminClientAsync();
        var sport = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Victoire à Lille"), "sport");
        var culture = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Vernissage à Lille"), "culture");
        using var reader = Host.CreateClient();

        var rss = await XmlAsync(reader, "/categorie/sport/rss", "application/rss+xml");

        var items = rss.Root!.Element("channel")!.Elements("item").ToList();
        Assert.Contains(items, i => i.Element("title")!.Value == sport.Title);
        Assert.DoesNotContain(items, i => i.Element("title")!.Value == culture.Title);
        Assert.All(items, i => Assert.Equal("Sport", i.Element("category")!.Value));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/categorie/nulle-part/rss")).StatusCode);
    }

    [Fact]
    public async Task Sitemap_lists_home_categories_and_every_published_article_with_lastmod()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Le plan vélo"), "politique");
        using var reader = Host.CreateClient();

        var sitemap = await XmlAsync(reader, "/sitemap.xml", "application/xml");

        var urls = sitemap.Root!.Elements(Sitemap + "url").ToDictionary(u => u.Element(Sitemap + "loc")!.Value, u => u.Element(Sitemap + "lastmod")?.Value);
        Assert.Contains($"{Origin}/", urls.Keys);
        Assert.Contains($"{Origin}/categorie/defense", urls.Keys);
        Assert.Contains($"{Origin}/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement", urls.Keys);
        Assert.Equal("2024-11-23T06:00:00Z", urls[$"{Origin}/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement"]);
        Assert.NotNull(urls[$"{Origin}/{article.Path}"]);
    }

    [Fact]
    public async Task News_sitemap_has_articles_of_the_last_48_hours_with_publication_name_and_language()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Le conseil des ministres"), "politique");
        using var reader = Host.CreateClient();

        var sitemap = await XmlAsync(reader, "/sitemap-news.xml", "application/xml");

        var urls = sitemap.Root!.Elements(Sitemap + "url").ToList();
        var entry = urls.Single(u => u.Element(Sitemap + "loc")!.Value == $"{Origin}/{article.Path}");
        var news = entry.Element(News + "news")!;
        Assert.Equal("Le Journal", news.Element(News + "publication")!.Element(News + "name")!.Value);
        Assert.Equal("fr", news.Element(News + "publication")!.Element(News + "language")!.Value);
        Assert.Equal(article.Title, news.Element(News + "title")!.Value);
        Assert.NotEmpty(news.Element(News + "publication_date")!.Value);
        // The seeded articles date from 2024.
        Assert.DoesNotContain(urls, u => u.Element(Sitemap + "loc")!.Value.EndsWith("/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Robots_allows_all_but_admin_and_api_and_names_both_sitemaps()
    {
        using var reader = Host.CreateClient();

        var response = await reader.GetAsync("/robots.txt");
        var robots = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("User-agent: *", robots);
        Assert.Contains("Allow: /", robots);
        Assert.Contains("Disallow: /admin", robots);
        Assert.Contains("Disallow: /api", robots);
        Assert.Contains($"Sitemap: {Origin}/sitemap.xml", robots);
        Assert.Contains($"Sitemap: {Origin}/sitemap-news.xml", robots);
    }
}
