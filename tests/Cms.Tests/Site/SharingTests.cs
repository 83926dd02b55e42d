using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Support;

namespace Cms.Tests.Site;

/// <summary>What search engines and social networks read: title, description, canonical, Open Graph, Twitter card, JSON-LD.</summary>
public sealed partial class SharingTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;
    private string Origin => Host.BaseAddress.ToString().TrimEnd('/');

    [Fact]
    public async Task Article_page_has_title_description_canonical_open_graph_and_twitter_tags()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("La réforme des retraites"), "politique");
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, article.Url);

        Assert.Contains($"<title>{article.Title} | Le Journal</title>", html);
        Assert.Contains("<meta name=\"description\" content=\"Le chapeau.\">", html);
        Assert.Contains($"<link rel=\"canonical\" href=\"{Origin}/{article.Path}\">", html);
        Assert.Contains("<meta property=\"og:type\" content=\"article\">", html);
        Assert.Contains($"<meta property=\"og:title\" content=\"{article.Title}\">", html);
        Assert.Contains($"<meta property=\"og:url\" content=\"{Origin}/{article.Path}\">", html);
        Assert.Contains("<meta property=\"og:description\" content=\"Le chapeau.\">", html);
        Assert.Contains("<meta name=\"twitter:card\"", html);
        Assert.Contains("<meta property=\"article:section\" content=\"Politique\">", html);
    }

    [Fact]
    public async Task Json_ld_is_a_news_article_with_headline_dates_author_publisher_section_and_page()
    {
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, "/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement");
        var jsonLd = JsonNode.Parse(JsonLd().Match(html).Groups[1].Value)!;

        Assert.Equal("NewsArticle", jsonLd["@type"]!.GetValue<string>());
        Assert.Equal("Des soldats nord-coréens à Koursk : ce que l’on sait du déploiement", jsonLd["headline"]!.GetValue<string>());
        Assert.Equal("2024-11-23T07:00:00+01:00", jsonLd["datePublished"]!.GetValue<string>());
        Assert.Equal("2024-11-23T07:00:00+01:00", jsonLd["dateModified"]!.GetValue<string>());
        Assert.Equal("Julien Lefèvre", jsonLd["author"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("Le Journal", jsonLd["publisher"]!["name"]!.GetValue<string>());
        Assert.Equal("Défense", jsonLd["articleSection"]!.GetValue<string>());
        Assert.Equal($"{Origin}/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement", jsonLd["mainEntityOfPage"]!["@id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_title_with_a_closing_script_tag_and_quotes_cannot_break_out_of_the_json_ld_or_the_attributes()
    {
        using var admin = await Host.AdminClientAsync();
        var title = $"Le \"vrai\" </script><script>alert('x')</script> titre {Guid.NewGuid():n}";
        var article = await SiteArticles.PublishedAsync(admin, title, "politique");
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, article.Url);

        Assert.DoesNotContain("<script>alert", html);
        Assert.Single(Regex.Matches(html, "<script"));
        var jsonLd = JsonNode.Parse(JsonLd().Match(html).Groups[1].Value)!;
        Assert.Equal(title, jsonLd["headline"]!.GetValue<string>());
        Assert.Contains("<meta property=\"og:title\" content=\"Le &quot;vrai&quot; &lt;/script&gt;", html);
    }

    [Fact]
    public async Task Home_page_has_a_canonical_link_and_the_site_feed()
    {
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, "/");

        Assert.Contains($"<link rel=\"canonical\" href=\"{Origin}/\">", html);
        Assert.Contains($"<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Le Journal\" href=\"{Origin}/rss\">", html);
        Assert.Contains("<meta property=\"og:type\" content=\"website\">", html);
        Assert.DoesNotContain("application/ld+json", html);
    }

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLd();
}
