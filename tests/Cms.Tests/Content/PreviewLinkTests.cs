using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Data;
using Cms.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Content;

/// <summary>
/// A preview link opens one item's latest version, through the API and in the site's theme, for whoever holds it,
/// until it expires or is revoked; a preview page is never cached nor indexed, and nothing else of the site changes.
/// </summary>
public sealed class PreviewLinkTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task A_link_opens_the_pending_edit_of_a_published_article_while_readers_keep_the_published_version()
    {
        using var admin = await Host.AdminClientAsync();
        var (id, path) = await PublishedAsync(admin, "La version en ligne");
        var latest = await admin.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest");
        var edit = Articles.New("La correction en cours", await Articles.CategoryIdAsync(admin, "politique"));
        Assert.Equal(HttpStatusCode.OK, (await Articles.SaveAsync(admin, id, latest!["ContentItemVersionId"]!.GetValue<string>(), edit)).StatusCode);

        var link = await CreateLinkAsync(admin, id);
        using var frontEnd = Host.CreateClient();

        var viaQuery = await frontEnd.GetAsync($"/api/content/{id}?previewToken={link.Token}");
        Assert.Equal(HttpStatusCode.OK, viaQuery.StatusCode);
        Assert.Equal("La correction en cours", (await Articles.ReadAsync(viaQuery))["TitlePart"]!["Title"]!.GetValue<string>());
        Assert.Equal("no-store", viaQuery.Headers.CacheControl!.ToString());
        using var viaHeader = new HttpRequestMessage(HttpMethod.Get, $"/api/content/{id}") { Headers = { { "Preview-Token", link.Token } } };
        Assert.Equal("La correction en cours", (await Articles.ReadAsync(await frontEnd.SendAsync(viaHeader)))["TitlePart"]!["Title"]!.GetValue<string>());

        var page = await frontEnd.GetAsync(link.Url);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("La correction en cours", html);
        Assert.Contains("Prévisualisation", html);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", html);
        Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
        Assert.Contains("noindex", page.Headers.GetValues("X-Robots-Tag").Single());

        // Readers, the public page and the API without the token still get the published version.
        Assert.Contains("La version en ligne", await frontEnd.GetStringAsync($"/{path}"));
        Assert.DoesNotContain("La correction en cours", await frontEnd.GetStringAsync($"/{path}"));
        Assert.Equal("La version en ligne", (await frontEnd.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!["TitlePart"]!["Title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_link_opens_only_its_own_item_and_a_forged_token_opens_nothing()
    {
        using var admin = await Host.AdminClientAsync();
        var category = await Articles.CategoryIdAsync(admin, "culture");
        var mine = (await Articles.CreateAsync(admin, Articles.New("Mon brouillon", category)))["ContentItemId"]!.GetValue<string>();
        var other = (await Articles.CreateAsync(admin, Articles.New("Le brouillon d’à côté", category)))["ContentItemId"]!.GetValue<string>();
        var link = await CreateLinkAsync(admin, mine);
        using var frontEnd = Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await frontEnd.GetAsync($"/api/content/{mine}?previewToken={link.Token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await frontEnd.GetAsync($"/api/content/{other}?previewToken={link.Token}")).StatusCode);
        var forged = link.Token[..^4] + (link.Token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        Assert.Equal(HttpStatusCode.NotFound, (await frontEnd.GetAsync($"/api/content/{mine}?previewToken={forged}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await frontEnd.GetAsync($"/preview/{forged}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await frontEnd.GetAsync("/preview/pas-un-jeton")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_or_expired_link_opens_nothing_any_more()
    {
        using var admin = await Host.AdminClientAsync();
        var category = await Articles.CategoryIdAsync(admin, "sport");
        var id = (await Articles.CreateAsync(admin, Articles.New("Un brouillon à montrer", category)))["ContentItemId"]!.GetValue<string>();
        var revoked = await CreateLinkAsync(admin, id);
        var expiring = await CreateLinkAsync(admin, id);
        using var frontEnd = Host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await frontEnd.GetAsync(revoked.Url)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/content/{id}/preview-links/{revoked.Id}")).StatusCode);
        using (var scope = Host.Services.CreateScope())
        {
            // Expiry, without waiting a day: the link's end moved into the past.
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await db.Set<Cms.Preview.PreviewLink>().Where(l => l.Id == expiring.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresUtc, DateTime.UtcNow.AddMinutes(-1)));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await frontEnd.GetAsync(revoked.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await frontEnd.GetAsync($"/api/content/{id}?previewToken={expiring.Token}")).StatusCode);
        var listed = await admin.GetFromJsonAsync<JsonObject>($"/api/content/{id}/preview-links");
        Assert.Contains(listed!["items"]!.AsArray(), l => l!["id"]!.GetValue<string>() == revoked.Id && l["revoked"]!.GetValue<bool>());
        Assert.All(listed["items"]!.AsArray(), l => Assert.Null(l!["token"]));
    }

    [Fact]
    public async Task Only_those_who_may_preview_the_item_make_links_and_others_learn_nothing_of_it()
    {
        using var admin = await Host.AdminClientAsync();
        var category = await Articles.CategoryIdAsync(admin, "culture");
        using var author = await Host.CreateUserAsync("Author");
        using var otherAuthor = await Host.CreateUserAsync("Author");
        var id = (await Articles.CreateAsync(author.Client, Articles.New("Le brouillon de l’autrice", category)))["ContentItemId"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Created, (await author.Client.PostAsync($"/api/content/{id}/preview-links", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/api/content/{id}/preview-links", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAuthor.Client.PostAsync($"/api/content/{id}/preview-links", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.CreateClient().PostAsync($"/api/content/{id}/preview-links", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/content/{id}/preview-links", new { expiresInMinutes = 0 })).StatusCode);
    }

    private static async Task<(string Id, string Path)> PublishedAsync(HttpClient admin, string title)
    {
        var created = await Articles.CreateAsync(admin, Articles.New(title, await Articles.CategoryIdAsync(admin, "politique")));
        var id = created["ContentItemId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(admin, id, "publish")).StatusCode);
        return (id, created["AutoroutePart"]!["Path"]!.GetValue<string>());
    }

    private static async Task<(string Id, string Token, string Url)> CreateLinkAsync(HttpClient client, string id)
    {
        var response = await client.PostAsync($"/api/content/{id}/preview-links", null);
        var link = await Articles.ReadAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (link["id"]!.GetValue<string>(), link["token"]!.GetValue<string>(), link["url"]!.GetValue<string>());
    }
}
