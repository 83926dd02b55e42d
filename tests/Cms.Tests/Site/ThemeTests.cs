using System.Net;
using Cms.Tests.Support;

namespace Cms.Tests.Site;

/// <summary>
/// A theme dropped into the themes folder is used by configuration alone; a template that fails shows a clean
/// static 500 page, and the failure is logged.
/// </summary>
public sealed class ThemeTests : IAsyncLifetime
{
    private readonly string _themes = Path.Combine(Path.GetTempPath(), "cms-themes", Guid.NewGuid().ToString("n"));
    private readonly StringWriter _log = new();
    private CmsHost _host = null!;

    public async Task InitializeAsync()
    {
        var mini = Path.Combine(_themes, "Mini");
        Directory.CreateDirectory(Path.Combine(mini, "assets"));
        await File.WriteAllTextAsync(Path.Combine(mini, "theme.json"), """{ "name": "Mini", "description": "Un thème de test", "version": "0.1.0" }""");
        await File.WriteAllTextAsync(Path.Combine(mini, "layout.liquid"), """<!doctype html><html lang="fr"><head><title>{{ Page.Title }}</title><link rel="stylesheet" href="{{ 'mini.css' | asset_url }}"></head><body class="mini">{{ Content | raw }}</body></html>""");
        await File.WriteAllTextAsync(Path.Combine(mini, "home.liquid"), """<h1>Mini : {{ Site.Name }}</h1><ul>{% assign lead = Model.Lead %}<li><a href="{{ lead | item_url }}">{{ lead.ContentItem.TitlePart.Title }}</a> {{ lead.ContentItem.PublishedUtc | date_fr }}</li>{% for a in Model.Articles %}<li><a href="{{ a | item_url }}">{{ a.ContentItem.TitlePart.Title }}</a> {{ a.ContentItem.PublishedUtc | date_fr }}</li>{% endfor %}</ul>""");
        await File.WriteAllTextAsync(Path.Combine(mini, "content.liquid"), """<h1 class="mini-title">{{ Model.ContentItem.TitlePart.Title }}</h1>""");
        await File.WriteAllTextAsync(Path.Combine(mini, "notfound.liquid"), "<h1>Rien ici</h1>");
        await File.WriteAllTextAsync(Path.Combine(mini, "tag.liquid"), "<h1>{% for x in %}</h1>");
        await File.WriteAllTextAsync(Path.Combine(mini, "category.liquid"), "<h1>{{ Model.Category.Name | no_such_filter }}{% render 'missing-partial' %}</h1>");
        await File.WriteAllTextAsync(Path.Combine(mini, "assets", "mini.css"), "body { color: navy; }");
        _host = await CmsHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Cms:Site:ThemesPath"] = _themes,
            ["Cms:Site:Theme"] = "Mini",
            ["Cms:Site:Name"] = "La Gazette",
            ["Cms:Site:BaseUrl"] = "https://www.lagazette.example/",
        }, log: _log);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_themes, recursive: true);
    }

    [Fact]
    public async Task The_configured_theme_renders_the_pages_with_its_own_templates_and_assets()
    {
        using var reader = _host.CreateClient();

        var home = await SiteArticles.HtmlAsync(reader, "/");
        var article = await SiteArticles.HtmlAsync(reader, "/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement");
        var missing = await SiteArticles.HtmlAsync(reader, "/nulle-part", HttpStatusCode.NotFound);

        Assert.Contains("<h1>Mini : La Gazette</h1>", home);
        Assert.Contains("<a href=\"/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement\">", home);
        Assert.Contains("23 novembre 2024", home);
        Assert.Contains("<h1 class=\"mini-title\">Des soldats nord-coréens à Koursk", article);
        Assert.Contains("<h1>Rien ici</h1>", missing);
        Assert.Contains("/theme/mini.css?v=", home);
        Assert.Equal("body { color: navy; }", await reader.GetStringAsync("/theme/mini.css"));
    }

    [Fact]
    public async Task The_configured_base_url_makes_the_absolute_links_of_feeds_sitemaps_and_robots()
    {
        using var reader = _host.CreateClient();

        var rss = System.Xml.Linq.XDocument.Parse(await reader.GetStringAsync("/rss"));
        var sitemap = await reader.GetStringAsync("/sitemap.xml");
        var robots = await reader.GetStringAsync("/robots.txt");

        Assert.Equal("La Gazette", rss.Root!.Element("channel")!.Element("title")!.Value);
        Assert.All(rss.Root.Element("channel")!.Elements("item"), i => Assert.StartsWith("https://www.lagazette.example/", i.Element("link")!.Value));
        Assert.Contains("<loc>https://www.lagazette.example/</loc>", sitemap);
        Assert.Contains("Sitemap: https://www.lagazette.example/sitemap.xml", robots);
    }

    [Theory]
    [InlineData("/tag/ukraine")]
    [InlineData("/categorie/defense")]
    public async Task A_failing_template_shows_a_clean_static_500_page_and_is_logged(string url)
    {
        using var reader = _host.CreateClient();

        var response = await reader.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Cette page est momentanément indisponible", html);
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain(".liquid", html);
        Assert.DoesNotContain("Fluid", html);
        Assert.DoesNotContain(" at ", html);
        Assert.Contains($"The public site could not render {url}", _log.ToString());
    }
}
