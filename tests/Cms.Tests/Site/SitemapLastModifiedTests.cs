using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Cms.Tests.Support;

namespace Cms.Tests.Site;

/// <summary>
/// The sitemap's lastmod follows dateModified: a correction or a major update moves it, a silent fix does not — for the
/// article, its category and its authors' pages. The clock is moved forward between the steps, never waited for.
/// </summary>
public sealed class SitemapLastModifiedTests(SitemapLastModifiedTests.ClockHostFixture fixture) : IClassFixture<SitemapLastModifiedTests.ClockHostFixture>
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task A_silent_fix_leaves_the_lastmod_of_the_article_its_category_and_its_author_at_the_publication()
    {
        using var admin = await Host.AdminClientAsync();
        var (article, category, author) = await PublishedAsync(admin, "Une coquille");
        var published = await LastModsAsync(article, category, author);
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));

        await RepublishAsync(admin, article, category.Id, a => a["HtmlBodyPart"]!["Html"] = "<p>Texte sans coquille.</p>");
        var fixedSilently = await LastModsAsync(article, category, author);

        Assert.Equal(published, fixedSilently);
        Assert.Equal(await DateModifiedAsync(article), published.Article);
    }

    [Fact]
    public async Task A_correction_moves_the_lastmod_of_the_article_its_category_and_its_author_to_the_correction()
    {
        using var admin = await Host.AdminClientAsync();
        var (article, category, author) = await PublishedAsync(admin, "Un chiffre faux");
        var published = await LastModsAsync(article, category, author);
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));

        await RepublishAsync(admin, article, category.Id, a => a["CorrectionsPart"] = new JsonObject { ["PendingNote"] = "Le budget est de 3 millions, non de 30." });
        var corrected = await LastModsAsync(article, category, author);

        var dateModified = await DateModifiedAsync(article);
        Assert.True(Parse(corrected.Article) >= Parse(published.Article) + TimeSpan.FromMinutes(10), $"{published.Article} → {corrected.Article}");
        Assert.Equal(dateModified, corrected.Article);
        Assert.Equal((corrected.Article, corrected.Article), (corrected.Category, corrected.Author));
    }

    [Fact]
    public async Task A_major_update_moves_the_lastmod()
    {
        using var admin = await Host.AdminClientAsync();
        var (article, category, author) = await PublishedAsync(admin, "Une mise à jour");
        var published = await LastModsAsync(article, category, author);
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));

        await RepublishAsync(admin, article, category.Id, a => a["CorrectionsPart"] = new JsonObject { ["MajorUpdate"] = true });
        var updated = await LastModsAsync(article, category, author);

        Assert.True(Parse(updated.Article) >= Parse(published.Article) + TimeSpan.FromMinutes(10), $"{published.Article} → {updated.Article}");
        Assert.Equal(await DateModifiedAsync(article), updated.Article);
    }

    /// <summary>A host whose clock the tests move forward.</summary>
    public sealed class ClockHostFixture : IAsyncLifetime
    {
        public MovableClock Clock { get; } = new();

        public CmsHost Host { get; private set; } = null!;

        public async Task InitializeAsync() => Host = await CmsHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(Clock));

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    private sealed record Category(string Id, string Slug);

    private sealed record LastMods(string Article, string Category, string Author);

    /// <summary>An article published in a category of its own, by an author with a page of their own: their lastmods are the article's alone.</summary>
    private async Task<(SiteArticle Article, Category Category, string AuthorSlug)> PublishedAsync(HttpClient admin, string words)
    {
        var created = await Articles.ReadAsync(await admin.PostAsJsonAsync("/api/categories", new { name = $"Lastmod {Guid.NewGuid().ToString("n")[..8]}" }));
        var category = new Category(created["contentItemId"]!.GetValue<string>(), created["slug"]!.GetValue<string>());
        using var author = await Host.CreateUserAsync("Author");
        var slug = "lastmod-" + Guid.NewGuid().ToString("n")[..8];
        (await author.Client.PutAsJsonAsync($"/api/users/{author.Id}/profile", new { displayName = "Auteur du plan", slug })).EnsureSuccessStatusCode();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle(words), category.Slug,
            a => a["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray(author.Id) });
        return (article, category, slug);
    }

    private static async Task RepublishAsync(HttpClient admin, SiteArticle article, string categoryId, Action<JsonObject> edit)
    {
        var current = await Articles.ReadAsync(await admin.GetAsync($"/api/content/{article.Id}?version=latest"));
        var next = Articles.New(article.Title, categoryId);
        next["Article"] = current["Article"]!.DeepClone();
        edit(next);
        (await Articles.SaveAsync(admin, article.Id, current["ContentItemVersionId"]!.GetValue<string>(), next)).EnsureSuccessStatusCode();
        await SiteArticles.TransitionAsync(admin, article.Id, "publish");
    }

    private async Task<LastMods> LastModsAsync(SiteArticle article, Category category, string authorSlug)
    {
        using var reader = Host.CreateClient();
        var origin = Host.BaseAddress.ToString().TrimEnd('/');
        var sitemap = XDocument.Parse(await reader.GetStringAsync("/sitemap.xml"));
        var urls = sitemap.Root!.Elements(Sitemap + "url").ToDictionary(u => u.Element(Sitemap + "loc")!.Value, u => u.Element(Sitemap + "lastmod")?.Value);
        return new LastMods(urls[$"{origin}/{article.Path}"]!, urls[$"{origin}/categorie/{category.Slug}"]!, urls[$"{origin}/auteur/{authorSlug}"]!);
    }

    /// <summary>The article page's JSON-LD dateModified, in the sitemap's form (to the second, UTC).</summary>
    private async Task<string> DateModifiedAsync(SiteArticle article)
    {
        using var reader = Host.CreateClient();
        var html = await SiteArticles.HtmlAsync(reader, article.Url);
        var jsonLd = JsonNode.Parse(Regex.Match(html, "<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value)!;
        var value = DateTimeOffset.Parse(jsonLd["dateModified"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        return value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static DateTime Parse(string w3c) => DateTime.Parse(w3c, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
