using System.Net;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Site;

/// <summary>Readers see published articles only, on every channel, and the site never hints that a draft exists.</summary>
public sealed class PublicVisibilityTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    private static readonly string[] Channels = ["/", "/categorie/economie", "/tag/russie", "/rss", "/categorie/economie/rss", "/sitemap.xml", "/sitemap-news.xml"];

    private static void Tag(JsonObject article) => article["Article"]!["Tags"] = new JsonObject { ["TermContentItemIds"] = new JsonArray("4tagrussie0000000000000000") };

    [Fact]
    public async Task Drafts_items_in_review_and_scheduled_items_appear_on_no_page_feed_or_sitemap()
    {
        using var admin = await Host.AdminClientAsync();
        var draft = await SiteArticles.DraftAsync(admin, SiteArticles.UniqueTitle("Brouillon secret"), "economie", Tag);
        var inReview = await SiteArticles.DraftAsync(admin, SiteArticles.UniqueTitle("Relecture secrète"), "economie", Tag);
        await SiteArticles.TransitionAsync(admin, inReview.Id, "submit");
        var scheduled = await SiteArticles.DraftAsync(admin, SiteArticles.UniqueTitle("Programmé secret"), "economie", Tag);
        await SiteArticles.TransitionAsync(admin, scheduled.Id, "schedule", new { publishAtUtc = DateTime.UtcNow.AddDays(1).ToString("O") });
        var published = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Publié visible"), "economie", Tag);
        using var reader = Host.CreateClient();

        foreach (var channel in Channels)
        {
            var body = await SiteArticles.HtmlAsync(reader, channel);
            Assert.Contains(published.Path, body);
            foreach (var hidden in new[] { draft, inReview, scheduled })
            {
                Assert.DoesNotContain(hidden.Title, body);
                Assert.DoesNotContain(hidden.Path, body);
            }
        }
        foreach (var hidden in new[] { draft, inReview, scheduled }) await SiteArticles.HtmlAsync(reader, hidden.Url, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_draft_path_gets_exactly_the_answer_of_an_unknown_path()
    {
        using var admin = await Host.AdminClientAsync();
        var draft = await SiteArticles.DraftAsync(admin, SiteArticles.UniqueTitle("Enquête pas encore publiée"), "economie");
        using var reader = Host.CreateClient();

        var forDraft = await reader.GetAsync(draft.Url);
        var forNothing = await reader.GetAsync("/" + Guid.NewGuid().ToString("n"));

        Assert.Equal(HttpStatusCode.NotFound, forDraft.StatusCode);
        Assert.Equal(forNothing.StatusCode, forDraft.StatusCode);
        Assert.Equal(forNothing.Content.Headers.ContentType, forDraft.Content.Headers.ContentType);
        Assert.Equal(await forNothing.Content.ReadAsStringAsync(), await forDraft.Content.ReadAsStringAsync());
        Assert.Equal(forNothing.Headers.Select(h => h.Key).Order(), forDraft.Headers.Select(h => h.Key).Order());
    }

    [Fact]
    public async Task An_unpublished_article_disappears_from_every_channel_at_once()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Annonce retirée"), "economie", Tag);
        using var reader = Host.CreateClient();
        foreach (var channel in Channels) Assert.Contains(article.Path, await SiteArticles.HtmlAsync(reader, channel));
        await SiteArticles.HtmlAsync(reader, article.Url);

        await SiteArticles.TransitionAsync(admin, article.Id, "unpublish");

        foreach (var channel in Channels) Assert.DoesNotContain(article.Path, await SiteArticles.HtmlAsync(reader, channel));
        await SiteArticles.HtmlAsync(reader, article.Url, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_publish_shows_on_home_category_and_feed_as_soon_as_it_returns()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.DraftAsync(admin, SiteArticles.UniqueTitle("Dernière minute"), "economie");
        using var reader = Host.CreateClient();
        string[] pages = ["/", "/categorie/economie", "/rss", "/categorie/economie/rss"];
        foreach (var page in pages) Assert.DoesNotContain(article.Path, await SiteArticles.HtmlAsync(reader, page));

        await SiteArticles.TransitionAsync(admin, article.Id, "publish");

        foreach (var page in pages) Assert.Contains(article.Path, await SiteArticles.HtmlAsync(reader, page));
        Assert.Contains(article.Title, await SiteArticles.HtmlAsync(reader, article.Url));
    }

    [Fact]
    public async Task Editing_a_published_article_changes_nothing_public_until_the_edit_is_published()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Titre d’origine"), "economie");
        using var reader = Host.CreateClient();
        var before = await SiteArticles.HtmlAsync(reader, article.Url);
        var latest = await Articles.ReadAsync(await admin.GetAsync($"/api/content/{article.Id}?version=latest"));
        var corrected = SiteArticles.UniqueTitle("Titre corrigé");
        latest["TitlePart"]!["Title"] = corrected;

        var saved = await Articles.SaveAsync(admin, article.Id, latest["ContentItemVersionId"]!.GetValue<string>(), latest);

        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        Assert.Equal(before, await SiteArticles.HtmlAsync(reader, article.Url));
        Assert.DoesNotContain(corrected, await SiteArticles.HtmlAsync(reader, "/"));
        await SiteArticles.TransitionAsync(admin, article.Id, "publish");
        Assert.Contains(corrected, await SiteArticles.HtmlAsync(reader, article.Url));
        Assert.Contains(corrected, await SiteArticles.HtmlAsync(reader, "/"));
    }

    [Fact]
    public async Task A_renamed_category_shows_its_new_name_at_once()
    {
        using var admin = await Host.AdminClientAsync();
        var name = SiteArticles.UniqueTitle("Rubrique");
        var slug = await SiteArticles.CreateCategoryAsync(admin, name);
        var id = await Articles.CategoryIdAsync(admin, slug);
        using var reader = Host.CreateClient();
        Assert.Contains(name, await SiteArticles.HtmlAsync(reader, "/"));

        var renamed = SiteArticles.UniqueTitle("Rubrique renommée");
        var response = await admin.PutAsync($"/api/categories/{id}", Articles.Json(new JsonObject { ["name"] = renamed, ["slug"] = slug }));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Contains(renamed, await SiteArticles.HtmlAsync(reader, "/"));
        Assert.Contains(renamed, await SiteArticles.HtmlAsync(reader, $"/categorie/{slug}"));
    }
}
