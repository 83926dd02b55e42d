using System.Diagnostics;
using System.Net;
using Cms.Tests.Support;

namespace Cms.Tests.Site;

/// <summary>The search page over the real search service: results with highlighted snippets, category facets, paging, no drafts.</summary>
public sealed class SearchPageTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    /// <summary>A word no other article uses, so that a search for it finds only this test's articles.</summary>
    private static string UniqueWord() => "zq" + new string(Guid.NewGuid().ToString("n").Where(char.IsLetter).Take(8).ToArray());

    /// <summary>Indexing follows commits in the background: search until the page shows what is expected, with a deadline.</summary>
    private static async Task<string> SearchUntilAsync(HttpClient reader, string url, Func<string, bool> until)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var html = await SiteArticles.HtmlAsync(reader, url);
            if (until(html) || clock.Elapsed > TimeSpan.FromSeconds(15)) return html;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Searching_without_accents_finds_the_Koursk_article_with_a_highlighted_snippet_and_facets()
    {
        using var reader = Host.CreateClient();

        var html = await SearchUntilAsync(reader, "/recherche?q=soldat+coreen", h => h.Contains("class=\"result\""));

        Assert.Contains("<h1 class=\"page-title\">Recherche</h1>", html);
        Assert.Contains("href=\"/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement\">Des soldats nord-coréens à Koursk", html);
        Assert.Contains("<mark>", html);
        Assert.Contains("href=\"/recherche?q=soldat%20coreen&amp;categorie=defense\"", html);
        Assert.Contains("Défense (", html);
        Assert.Contains("value=\"soldat coreen\"", html);
    }

    [Fact]
    public async Task A_category_facet_narrows_the_results_to_that_category()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        var sport = await SiteArticles.PublishedAsync(admin, $"Le {word} au stade", "sport");
        var culture = await SiteArticles.PublishedAsync(admin, $"Le {word} au musée", "culture");
        using var reader = Host.CreateClient();
        await SearchUntilAsync(reader, $"/recherche?q={word}", h => h.Contains(sport.Path) && h.Contains(culture.Path));

        var html = await SiteArticles.HtmlAsync(reader, $"/recherche?q={word}&categorie=sport");

        Assert.Contains(sport.Path, html);
        Assert.DoesNotContain(culture.Path, html);
        Assert.Contains("1 résultat pour", html);
    }

    [Fact]
    public async Task Drafts_in_review_and_scheduled_articles_are_never_found()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        var draft = await SiteArticles.DraftAsync(admin, $"Brouillon {word}", "economie");
        var inReview = await SiteArticles.DraftAsync(admin, $"Relecture {word}", "economie");
        await SiteArticles.TransitionAsync(admin, inReview.Id, "submit");
        var scheduled = await SiteArticles.DraftAsync(admin, $"Programme {word}", "economie");
        await SiteArticles.TransitionAsync(admin, scheduled.Id, "schedule", new { publishAtUtc = DateTime.UtcNow.AddDays(1).ToString("O") });
        var published = await SiteArticles.PublishedAsync(admin, $"Publication {word}", "economie");
        using var reader = Host.CreateClient();

        // Changes are indexed in commit order: once the last one is found, the earlier ones have been seen too.
        var html = await SearchUntilAsync(reader, $"/recherche?q={word}", h => h.Contains(published.Path));

        Assert.Contains(published.Path, html);
        foreach (var hidden in new[] { draft, inReview, scheduled }) Assert.DoesNotContain(hidden.Path, html);
    }

    [Fact]
    public async Task Results_are_paged_by_twenty_with_links_to_the_next_page()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        for (var i = 0; i < 21; i++) await SiteArticles.PublishedAsync(admin, $"Épisode {i} du {word}", "culture");
        using var reader = Host.CreateClient();

        var first = await SearchUntilAsync(reader, $"/recherche?q={word}", h => h.Contains("21 résultats"));
        var second = await SiteArticles.HtmlAsync(reader, $"/recherche?q={word}&page=2");

        Assert.Equal(20, first.Split("class=\"result\"").Length - 1);
        Assert.Contains($"rel=\"next\" href=\"/recherche?q={word}&amp;page=2\"", first);
        Assert.Single(second.Split("class=\"result\"").Skip(1));
    }

    [Fact]
    public async Task An_empty_search_shows_the_form_and_a_search_without_results_says_so()
    {
        using var reader = Host.CreateClient();

        var empty = await SiteArticles.HtmlAsync(reader, "/recherche");
        var nothing = await SiteArticles.HtmlAsync(reader, $"/recherche?q={UniqueWord()}");

        Assert.Contains("<label for=\"recherche\">Votre recherche</label>", empty);
        Assert.DoesNotContain("class=\"result\"", empty);
        Assert.Contains("Aucun article ne correspond", nothing);
    }

    [Fact]
    public async Task An_unknown_category_is_refused_with_a_message_not_an_error_page()
    {
        using var reader = Host.CreateClient();

        var response = await reader.GetAsync("/recherche?q=koursk&categorie=nulle-part");
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)response.StatusCode}");
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains("nulle-part", html);
        Assert.DoesNotContain("momentanément indisponible", html);
    }
}
