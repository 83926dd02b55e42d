using System.Text.Json.Nodes;
using Cms.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Site;

/// <summary>Empty fields show nothing; breaking news is announced on the home page for a while, then is ordinary news.</summary>
public sealed class SiteFixesTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task Blank_source_and_byline_are_stored_as_no_text_and_show_no_label_alone()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Un article sans source"), "culture", a =>
        {
            a["Article"]!["Source"] = new JsonObject { ["Text"] = "" };
            a["Article"]!["Byline"] = new JsonObject { ["Text"] = "   " };
        });
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, article.Url);
        var stored = JsonNode.Parse(await reader.GetStringAsync($"/api/content/{article.Id}"))!;

        Assert.DoesNotContain("Source :", html);
        // A blank byline overrides nothing: the byline is the article's author (its writer, by default), never "Par" alone.
        Assert.DoesNotMatch("Par\\s*</span>", html);
        Assert.Contains($"Par {CmsHost.AdminUserName}</span>", html);
        Assert.Null(stored["Article"]!["Source"]!["Text"]);
        Assert.Null(stored["Article"]!["Byline"]!["Text"]);
        Assert.True(stored["Article"]!["Source"]!.AsObject().ContainsKey("Text"), "the TextField keeps Orchard's shape, {\"Text\": null}");
    }

    [Fact]
    public async Task Filled_source_and_byline_show_with_their_labels()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Un article sourcé"), "culture", a =>
        {
            a["Article"]!["Source"] = new JsonObject { ["Text"] = "AFP" };
            a["Article"]!["Byline"] = new JsonObject { ["Text"] = "Claire Martin" };
        });
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, article.Url);

        Assert.Contains("Source : AFP", html);
        Assert.Contains("Par Claire Martin", html);
    }

    [Fact]
    public async Task A_breaking_article_is_announced_on_the_home_page_until_it_expires_even_from_the_page_cache()
    {
        var clock = new MovableClock();
        await using var host = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:Site:BreakingFor"] = "00:10:00" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        using var admin = await host.AdminClientAsync();
        var alert = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Alerte : le pont est fermé"), "politique",
            a => a["Article"]!["Breaking"] = new JsonObject { ["Value"] = true });
        var newer = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Le conseil municipal se réunit"), "politique");
        using var reader = host.CreateClient();

        var during = await SiteArticles.HtmlAsync(reader, "/");
        await SiteArticles.HtmlAsync(reader, "/");
        clock.Advance(TimeSpan.FromMinutes(11));
        var after = await SiteArticles.HtmlAsync(reader, "/");

        Assert.Contains("aria-label=\"Alerte info\"", during);
        var banner = during[during.IndexOf("aria-label=\"Alerte info\"", StringComparison.Ordinal)..during.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains($"<a href=\"{alert.Url}\">{alert.Title}</a>", banner);
        Assert.DoesNotContain(newer.Title, banner);
        Assert.True(during.IndexOf($"href=\"{alert.Url}\">{alert.Title}</a></h2>", StringComparison.Ordinal)
            < during.IndexOf($"href=\"{newer.Url}\">{newer.Title}</a></h2>", StringComparison.Ordinal), "the alert leads while it is announced");
        Assert.DoesNotContain("Alerte info", after);
        Assert.DoesNotContain("<span class=\"breaking\">", after);
        Assert.True(after.IndexOf(newer.Title, StringComparison.Ordinal) < after.IndexOf(alert.Title, StringComparison.Ordinal), "once expired, the newer article leads");
    }
}
