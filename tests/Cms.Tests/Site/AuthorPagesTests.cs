using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Support;

namespace Cms.Tests.Site;

/// <summary>Bylines from the Authors field, and each author's public page and feed.</summary>
public sealed partial class AuthorPagesTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task The_byline_lists_the_authors_in_french_linking_those_with_a_page_and_the_json_ld_names_them()
    {
        using var admin = await Host.AdminClientAsync();
        using var camille = await Host.CreateUserAsync("Author");
        using var marc = await Host.CreateUserAsync("Author");
        var slug = await ProfileAsync(camille, "Camille Roux", "Journaliste au service culture.");
        await ProfileAsync(marc, "Marc Petit", null, slug: null);
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Un article à six mains"), "culture", a =>
        {
            a["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray(camille.Id, marc.Id) };
            a["Article"]!["Contributors"] = new JsonObject { ["Text"] = "Jean Dupont, AFP" };
        });
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, article.Url);

        Assert.Contains($"Par <a href=\"/auteur/{slug}\">Camille Roux</a>, Marc Petit, Jean Dupont et AFP</span>", html);
        var authors = JsonLd(html)["author"]!.AsArray();
        Assert.Equal(["Camille Roux", "Marc Petit", "Jean Dupont", "AFP"], authors.Select(a => a!["name"]!.GetValue<string>()).ToArray());
        Assert.Equal($"{Host.BaseAddress.ToString().TrimEnd('/')}/auteur/{slug}", authors[0]!["url"]!.GetValue<string>());
        Assert.All(authors, a => Assert.Equal("Person", a!["@type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_byline_text_overrides_the_authors()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Signé autrement"), "culture",
            a => a["Article"]!["Byline"] = new JsonObject { ["Text"] = "La rédaction culture" });
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, article.Url);

        Assert.Contains("Par La rédaction culture</span>", html);
        Assert.Equal("La rédaction culture", Assert.Single(JsonLd(html)["author"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_author_page_lists_the_published_articles_with_a_feed_and_a_sitemap_entry_and_never_a_draft()
    {
        using var admin = await Host.AdminClientAsync();
        using var author = await Host.CreateUserAsync("Author");
        var slug = await ProfileAsync(author, "Alice Martin", "Correspondante à Lyon.");
        var published = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Publié par Alice"), "culture", ByAuthor(author));
        var draft = await SiteArticles.DraftAsync(admin, SiteArticles.UniqueTitle("Brouillon d’Alice"), "culture", ByAuthor(author));
        using var reader = Host.CreateClient();

        var page = await SiteArticles.HtmlAsync(reader, $"/auteur/{slug}");
        var feed = await SiteArticles.HtmlAsync(reader, $"/auteur/{slug}/rss");
        var sitemap = await SiteArticles.HtmlAsync(reader, "/sitemap.xml");

        Assert.Matches("<h1[^>]*>.*Alice Martin</h1>", page);
        Assert.Contains("Correspondante à Lyon.", page);
        Assert.Contains($"href=\"{published.Url}\">{published.Title}</a>", page);
        Assert.DoesNotContain(draft.Title, page);
        Assert.Contains($"<title>{published.Title}</title>", feed);
        Assert.DoesNotContain(draft.Title, feed);
        Assert.Contains($"/auteur/{slug}</loc>", sitemap);
    }

    [Fact]
    public async Task Unknown_authors_and_authors_without_a_published_article_have_no_page()
    {
        using var admin = await Host.AdminClientAsync();
        using var author = await Host.CreateUserAsync("Author");
        var slug = await ProfileAsync(author, "Sans Article", "Une bio, mais rien de publié.");
        await SiteArticles.DraftAsync(admin, SiteArticles.UniqueTitle("Seulement un brouillon"), "culture", ByAuthor(author));
        using var reader = Host.CreateClient();

        await SiteArticles.HtmlAsync(reader, $"/auteur/{slug}", HttpStatusCode.NotFound);
        await SiteArticles.HtmlAsync(reader, $"/auteur/{slug}/rss", HttpStatusCode.NotFound);
        await SiteArticles.HtmlAsync(reader, "/auteur/personne-inconnue", HttpStatusCode.NotFound);
        Assert.DoesNotContain($"/auteur/{slug}</loc>", await SiteArticles.HtmlAsync(reader, "/sitemap.xml"));
    }

    [Fact]
    public async Task A_profile_change_shows_at_once_on_cached_pages()
    {
        using var admin = await Host.AdminClientAsync();
        using var author = await Host.CreateUserAsync("Author");
        var slug = await ProfileAsync(author, "Nom Ancien", "Ancienne bio.");
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Article signé"), "culture", ByAuthor(author));
        using var reader = Host.CreateClient();
        await SiteArticles.HtmlAsync(reader, article.Url);
        await SiteArticles.HtmlAsync(reader, $"/auteur/{slug}");

        await ProfileAsync(author, "Nom Nouveau", "Nouvelle bio.", slug);
        var articlePage = await SiteArticles.HtmlAsync(reader, article.Url);
        var authorPage = await SiteArticles.HtmlAsync(reader, $"/auteur/{slug}");

        Assert.Contains("Nom Nouveau</a>", articlePage);
        Assert.Contains("Nouvelle bio.", authorPage);
        Assert.DoesNotContain("Ancienne bio.", authorPage);
    }

    [Fact]
    public async Task A_profile_is_changed_by_its_user_or_a_user_manager_only_and_a_taken_address_is_refused()
    {
        using var admin = await Host.AdminClientAsync();
        using var first = await Host.CreateUserAsync("Author");
        using var second = await Host.CreateUserAsync("Author");
        var slug = await ProfileAsync(first, "Premier", null);

        var byOther = await second.Client.PutAsJsonAsync($"/api/users/{first.Id}/profile", new { displayName = "Usurpé" });
        var taken = await second.Client.PutAsJsonAsync($"/api/users/{second.Id}/profile", new { displayName = "Second", slug });
        var byAdmin = await admin.PutAsJsonAsync($"/api/users/{second.Id}/profile", new { displayName = "Second", bio = "Par l’administrateur." });

        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(taken))["errors"]!["slug"]);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal("Par l’administrateur.", (await Articles.ReadAsync(byAdmin))["bio"]!.GetValue<string>());
    }

    private static Action<JsonObject> ByAuthor(SignedInUser author) =>
        a => a["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray(author.Id) };

    /// <summary>Sets the user's own profile; the page address is made from the name unless given (null: none).</summary>
    private static async Task<string> ProfileAsync(SignedInUser user, string name, string? bio, string? slug = "")
    {
        var address = slug == "" ? $"{name} {Guid.NewGuid().ToString("n")[..6]}" : slug;
        var response = await user.Client.PutAsJsonAsync($"/api/users/{user.Id}/profile", new { displayName = name, bio, slug = address });
        var body = await Articles.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body["slug"]?.GetValue<string>() ?? "";
    }

    private static JsonNode JsonLd(string html) => JsonNode.Parse(JsonLdScript().Match(html).Groups[1].Value)!;

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLdScript();
}
