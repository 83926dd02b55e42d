using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Media;
using Cms.Tests.Support;

namespace Cms.Tests.Site;

/// <summary>Each page of the public site shows what it must, from published content.</summary>
public sealed partial class SitePagesTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task Home_page_is_french_and_lists_the_latest_articles_with_breaking_news_first()
    {
        using var admin = await Host.AdminClientAsync();
        var breaking = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Alerte sur le périphérique"), "politique", Breaking);
        var latest = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Le budget adopté"), "politique");
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, "/");

        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html);
        Assert.Matches("<h1[^>]*>Les nouvelles les plus importantes de la journée</h1>", html);
        Assert.Contains($"href=\"{latest.Url}\">{latest.Title}</a>", html);
        Assert.Contains("Le chapeau.", html);
        Assert.Contains("href=\"/categorie/politique\">Politique</a>", html);
        // The breaking article leads, ahead of the newer one.
        var first = html.IndexOf(breaking.Title, StringComparison.Ordinal);
        Assert.True(first > 0 && first < html.IndexOf(latest.Title, StringComparison.Ordinal), "the breaking article comes first");
        Assert.Matches("<time datetime=\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}\">\\d{1,2}(er)? \\w+ \\d{4} à \\d{1,2} h \\d{2}</time>", html);
        Assert.Contains($"© {ParisYear()} Le Journal", html);
    }

    private static void Breaking(JsonObject article) => article["Article"]!["Breaking"] = new JsonObject { ["Value"] = true };

    private static int ParisYear() => TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, "Europe/Paris").Year;

    [Fact]
    public async Task Article_page_shows_title_standfirst_byline_dates_category_tags_body_and_related_articles()
    {
        using var admin = await Host.AdminClientAsync();
        var older = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Un festival à Lyon"), "culture");
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("La saison des prix littéraires"), "culture", a =>
        {
            a["HtmlBodyPart"]!["Html"] = "<p>Le <strong>Goncourt</strong> a été décerné.</p><script>alert(1)</script>";
            a["Article"]!["Subtitle"]!["Text"] = "Un chapeau <b>pas en gras</b>";
            a["Article"]!["Byline"] = new JsonObject { ["Text"] = "Claire Martin" };
            a["Article"]!["Tags"] = new JsonObject { ["TermContentItemIds"] = new JsonArray("4tagelections0000000000000") };
        });
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, article.Url);

        Assert.Matches($"<h1>{Regex.Escape(article.Title)}</h1>", html);
        Assert.Contains("Un chapeau &lt;b&gt;pas en gras&lt;/b&gt;", html);
        Assert.Contains("Par Claire Martin", html);
        Assert.Matches("Publié le <time datetime=\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}\">\\d{1,2}(er)? \\w+ \\d{4} à \\d{1,2} h \\d{2}</time>", html);
        Assert.Contains("href=\"/categorie/culture\">Culture</a>", html);
        Assert.Contains("href=\"/tag/elections\">Élections</a>", html);
        Assert.Contains("<p>Le <strong>Goncourt</strong> a été décerné.</p>", html);
        Assert.DoesNotContain("alert(1)", html);
        Assert.Contains("Dans la même rubrique", html);
        Assert.Contains($"href=\"{older.Url}\">{older.Title}</a>", html);
        Assert.DoesNotContain($"href=\"{article.Url}\">{article.Title}</a>", html[html.IndexOf("Dans la même rubrique", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Article_image_has_srcset_sizes_dimensions_caption_and_credit_and_the_lead_image_is_not_lazy()
    {
        using var admin = await Host.AdminClientAsync();
        var media = await MediaApiClient.UploadNewAsync(admin, TestImages.Jpeg(1200, 800), "manifestation.jpg",
            new Dictionary<string, string> { ["alt"] = "Des manifestants place de la République", ["caption"] = "Le cortège à Paris", ["credit"] = "AFP" });
        var path = MediaApiClient.PathOf(media);
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("La manifestation du jeudi"), "politique",
            a => a["Article"]!["Image"] = new JsonObject { ["Paths"] = new JsonArray(path), ["MediaTexts"] = new JsonArray("") });
        // A newer breaking article leads the home page, so this one is an ordinary card there.
        await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Alerte météo"), "politique", Breaking);
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, article.Url);
        var home = await SiteArticles.HtmlAsync(reader, "/");

        var figure = html[html.IndexOf("<figure", StringComparison.Ordinal)..html.IndexOf("</figure>", StringComparison.Ordinal)];
        Assert.Contains($"srcset=\"/media/{path}?width=320&amp;format=webp 320w", figure);
        Assert.Contains("sizes=\"", figure);
        Assert.Contains("width=\"1200\" height=\"800\"", figure);
        Assert.Contains("alt=\"Des manifestants place de la République\"", figure);
        Assert.Contains("loading=\"eager\"", figure);
        Assert.Contains("Le cortège à Paris", figure);
        Assert.Contains("<span class=\"credit\">AFP</span>", figure);
        Assert.Contains($"<meta property=\"og:image\" content=\"{Host.BaseAddress.ToString().TrimEnd('/')}/media/{path}?width=1280&amp;format=jpeg", html);
        var card = home[..home.IndexOf(article.Title, StringComparison.Ordinal)];
        Assert.Contains("loading=\"lazy\"", card[card.LastIndexOf("<article", StringComparison.Ordinal)..]);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/media/{path}?width=320&format=webp")).StatusCode);
    }

    [Fact]
    public async Task A_new_caption_in_the_media_library_shows_at_once_on_the_cached_article_page()
    {
        using var admin = await Host.AdminClientAsync();
        var media = await MediaApiClient.UploadNewAsync(admin, TestImages.Jpeg(800, 600), "legende.jpg",
            new Dictionary<string, string> { ["caption"] = "Première légende" });
        var path = MediaApiClient.PathOf(media);
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Une photo légendée"), "culture",
            a => a["Article"]!["Image"] = new JsonObject { ["Paths"] = new JsonArray(path), ["MediaTexts"] = new JsonArray("") });
        using var reader = Host.CreateClient();
        var before = await SiteArticles.HtmlAsync(reader, article.Url);

        var update = await admin.PutAsJsonAsync($"/api/media/{path}", new { caption = "Légende corrigée" });
        var after = await SiteArticles.HtmlAsync(reader, article.Url);

        Assert.Contains("Première légende", before);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Contains("Légende corrigée", after);
        Assert.DoesNotContain("Première légende", after);
    }

    [Fact]
    public async Task Related_articles_are_the_four_latest_of_the_category_without_the_article_itself()
    {
        using var admin = await Host.AdminClientAsync();
        var slug = await SiteArticles.CreateCategoryAsync(admin, SiteArticles.UniqueTitle("Sciences"));
        var titles = new List<SiteArticle>();
        for (var i = 0; i < 6; i++) titles.Add(await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle($"Découverte {i}"), slug));
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, titles[5].Url);
        var related = html[html.IndexOf("Dans la même rubrique", StringComparison.Ordinal)..];

        Assert.DoesNotContain($"href=\"{titles[5].Url}\"", related);
        foreach (var shown in titles.Skip(1).Take(4)) Assert.Contains($"href=\"{shown.Url}\"", related);
        Assert.DoesNotContain($"href=\"{titles[0].Url}\"", related);
    }

    [Fact]
    public async Task Category_page_pages_by_twenty_with_prev_and_next_links()
    {
        using var admin = await Host.AdminClientAsync();
        var slug = await SiteArticles.CreateCategoryAsync(admin, SiteArticles.UniqueTitle("Régions"));
        var articles = new List<SiteArticle>();
        for (var i = 0; i < 21; i++) articles.Add(await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle($"Nouvelle régionale {i}"), slug));
        using var reader = Host.CreateClient();

        var first = await SiteArticles.HtmlAsync(reader, $"/categorie/{slug}");
        var second = await SiteArticles.HtmlAsync(reader, $"/categorie/{slug}?page=2");

        Assert.Equal(20, Regex.Matches(first, "<article class=\"card").Count);
        Assert.Contains($"href=\"{articles[20].Url}\"", first);
        Assert.Contains($"<link rel=\"next\" href=\"{Host.BaseAddress.ToString().TrimEnd('/')}/categorie/{slug}?page=2\">", first);
        Assert.DoesNotContain("rel=\"prev\"", first);
        Assert.Single(Regex.Matches(second, "<article class=\"card"));
        Assert.Contains($"href=\"{articles[0].Url}\"", second);
        Assert.Contains($"<link rel=\"prev\" href=\"{Host.BaseAddress.ToString().TrimEnd('/')}/categorie/{slug}\">", second);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/categorie/{slug}?page=3")).StatusCode);
    }

    [Fact]
    public async Task A_page_number_that_is_not_a_number_is_a_problem_naming_the_parameter()
    {
        using var reader = Host.CreateClient();

        var response = await reader.GetAsync("/categorie/culture?page=deux");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]!["page"]);
    }

    [Fact]
    public async Task Tag_page_lists_the_articles_with_the_tag()
    {
        using var admin = await Host.AdminClientAsync();
        var tagged = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Le vote à Kiev"), "international",
            a => a["Article"]!["Tags"] = new JsonObject { ["TermContentItemIds"] = new JsonArray("4tagukraine000000000000000") });
        var untagged = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Le vote à Berlin"), "international");
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, "/tag/ukraine");

        Assert.Contains("Ukraine</h1>", html);
        Assert.Contains($"href=\"{tagged.Url}\"", html);
        Assert.DoesNotContain($"href=\"{untagged.Url}\"", html);
    }

    [Fact]
    public async Task Unknown_category_tag_and_path_get_the_themed_404_page()
    {
        using var reader = Host.CreateClient();

        foreach (var url in new[] { "/categorie/nulle-part", "/tag/nulle-part", "/pas/de/page/ici" })
        {
            var html = await SiteArticles.HtmlAsync(reader, url, HttpStatusCode.NotFound);
            Assert.Contains("Page introuvable", html);
            Assert.Contains("<html lang=\"fr\">", html);
        }
    }

    [Fact]
    public async Task The_catch_all_leaves_api_admin_media_health_connect_and_theme_paths_to_their_owners()
    {
        using var reader = Host.CreateClient();

        foreach (var url in new[] { "/api/nothing-here", "/admin/nothing-here/x", "/media/none.jpg", "/connect/nothing", "/theme/none.css", "/health/x" })
        {
            var response = await reader.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{url}: {(int)response.StatusCode}");
            Assert.DoesNotContain("Page introuvable", body);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await reader.PostAsync("/api/nothing-here", null)).StatusCode);
    }

    [Fact]
    public async Task Theme_assets_are_served_with_a_fingerprint_and_a_long_cache()
    {
        using var reader = Host.CreateClient();
        var html = await SiteArticles.HtmlAsync(reader, "/");
        var css = StylesheetUrl().Match(html).Groups[1].Value;

        var response = await reader.GetAsync(css);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=31536000", response.Headers.CacheControl!.ToString());
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString());
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(/theme/journal\\.css\\?v=[0-9a-f]+)\">")]
    private static partial Regex StylesheetUrl();
}
