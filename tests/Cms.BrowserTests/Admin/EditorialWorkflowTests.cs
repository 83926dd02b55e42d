using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

public sealed class EditorialWorkflowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task An_article_goes_from_an_authors_draft_to_publication_through_review()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var category = await CategoryNameAsync("defense");
        var title = $"Vendanges tardives {Guid.NewGuid():n}"[..30];

        // The author writes, with a bold word, saves and submits.
        var authorPage = await AdminPages.SignInAsync(fixture, author.UserName);
        await BrowserFixture.ScreenshotAsync(authorPage, "admin-dashboard-author");
        await authorPage.GotoAsync("/admin/articles/new");
        await authorPage.GetByLabel("Titre").FillAsync(title);
        await authorPage.GetByLabel("Chapeau").FillAsync("Un millésime rare.");
        await authorPage.GetByLabel("Rubrique").SelectOptionAsync(new SelectOptionValue { Label = category });
        var body = authorPage.GetByRole(AriaRole.Textbox, new() { Name = "Corps de l’article" });
        await body.ClickAsync();
        await body.PressSequentiallyAsync("Le vin est ");
        await authorPage.PressAsync("Gras");
        await body.PressSequentiallyAsync("excellent");
        await authorPage.PressAsync("Gras");
        await body.PressSequentiallyAsync(" cette année.");
        Assert.Equal("vendanges-tardives-" + title[19..], await authorPage.GetByLabel("Adresse (slug)").InputValueAsync());
        await BrowserFixture.ScreenshotAsync(authorPage, "admin-editor-new");
        await authorPage.PressAsync("Enregistrer");
        await authorPage.ExpectStatusAsync("Article enregistré.");
        var id = authorPage.ArticleId();
        var draft = await LatestAsync(author.Client, id);
        Assert.Matches(new Regex("<(b|strong)>excellent</(b|strong)>"), draft["HtmlBodyPart"]!["Html"]!.GetValue<string>());
        await authorPage.PressAsync("Soumettre pour relecture");
        await authorPage.ExpectStatusAsync("Article soumis pour relecture.");
        Assert.Equal(0, await authorPage.GetByRole(AriaRole.Button, new() { Name = "Publier" }).CountAsync());
        await BrowserFixture.ScreenshotAsync(authorPage, "admin-editor-in-review-author");

        // The editor finds it in the review queue and rejects it with a comment.
        var editorPage = await AdminPages.SignInAsync(fixture, editor.UserName);
        var queue = editorPage.GetByRole(AriaRole.Region, new() { Name = "File de relecture" });
        await queue.GetByRole(AriaRole.Link, new() { Name = title }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(editorPage, "admin-dashboard-editor");
        await queue.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await editorPage.GetByLabel("Commentaire pour l’auteur").FillAsync("Citez la source, s’il vous plaît.");
        await editorPage.PressAsync("Rejeter");
        await editorPage.ExpectStatusAsync("Article renvoyé à son auteur.");

        // The author sees the comment, fixes the article and submits it again.
        await authorPage.GotoAsync($"/admin/articles/{id}");
        var rejection = authorPage.GetByRole(AriaRole.Complementary, new() { Name = "Commentaire de relecture" });
        Assert.Contains("Citez la source, s’il vous plaît.", await rejection.InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(authorPage, "admin-editor-rejected");
        await authorPage.GetByLabel("Source").FillAsync("Interprofession des vins d’Alsace");
        await authorPage.PressAsync("Soumettre pour relecture");
        await authorPage.ExpectStatusAsync("Article soumis pour relecture.");
        Assert.Equal("Interprofession des vins d’Alsace", (await LatestAsync(author.Client, id))["Article"]!["Source"]!["Text"]!.GetValue<string>());

        // The editor publishes; readers get it.
        await editorPage.GotoAsync($"/admin/articles/{id}");
        await editorPage.PressAsync("Publier");
        await editorPage.ExpectStatusAsync("Article publié.");
        Assert.Equal("Un millésime rare.", await PublishedSubtitleAsync(id));

        // The author corrects the published article: readers keep the old text until the editor publishes again.
        await authorPage.GotoAsync($"/admin/articles/{id}");
        await authorPage.GetByLabel("Chapeau").FillAsync("Un millésime historique.");
        await authorPage.PressAsync("Enregistrer");
        await authorPage.ExpectStatusAsync("Article enregistré.");
        Assert.Equal("Un millésime rare.", await PublishedSubtitleAsync(id));
        await editorPage.GotoAsync($"/admin/articles/{id}");
        await editorPage.PressAsync("Publier");
        await editorPage.ExpectStatusAsync("Article publié.");
        Assert.Equal("Un millésime historique.", await PublishedSubtitleAsync(id));

        // The history shows every step, and the diff the changed word.
        await editorPage.GotoAsync($"/admin/articles/{id}/history");
        var journal = await editorPage.GetByRole(AriaRole.Region, new() { Name = "Journal" }).InnerTextAsync();
        foreach (var step in new[] { "Créé", "Soumis pour relecture", "Rejeté", "Citez la source", "Publié" }) Assert.Contains(step, journal);
        await editorPage.GetByRole(AriaRole.Radio, new() { Name = "Comparer de la version n° 1" }).CheckAsync();
        await editorPage.PressAsync("Comparer");
        var diff = editorPage.GetByRole(AriaRole.Region, new() { Name = "Différences" });
        Assert.Equal("rare.", await diff.Locator("del").Filter(new() { HasText = "rare" }).InnerTextAsync());
        Assert.Equal("historique.", await diff.Locator("ins").Filter(new() { HasText = "historique" }).InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(editorPage, "admin-history");

        await editorPage.GotoAsync($"/admin/articles/{id}/preview");
        await BrowserFixture.ScreenshotAsync(editorPage, "admin-preview");
        await editorPage.GotoAsync("/admin/articles?state=Published");
        await editorPage.GetByRole(AriaRole.Link, new() { Name = title }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(editorPage, "admin-articles");
    }

    [Fact]
    public async Task An_article_scheduled_a_few_seconds_ahead_goes_live_by_itself()
    {
        var editor = await Host.CreateUserAsync("Editor");
        var categoryId = await Articles.CategoryIdAsync(editor.Client, "defense");
        var created = await Articles.CreateAsync(editor.Client, Articles.New($"Programmé {Guid.NewGuid():n}"[..24], categoryId));
        var id = created["ContentItemId"]!.GetValue<string>();
        var page = await AdminPages.SignInAsync(fixture, editor.UserName);
        await page.GotoAsync($"/admin/articles/{id}");

        var paris = TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow.AddSeconds(3), "Europe/Paris");
        await page.GetByLabel("Date de publication (heure de Paris)").FillAsync(paris.ToString("yyyy-MM-ddTHH:mm:ss"));
        await page.PressAsync("Programmer");
        await page.ExpectStatusAsync("Publication programmée.");
        await BrowserFixture.ScreenshotAsync(page, "admin-editor-scheduled");

        using var reader = Host.CreateClient();
        var status = HttpStatusCode.NotFound;
        for (var attempt = 0; attempt < 120 && status != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(500);
            status = (await reader.GetAsync($"/api/content/{id}")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task An_administrator_creates_a_category_and_a_user()
    {
        var page = await AdminPages.SignInAsync(fixture, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var name = $"Œnologie {Guid.NewGuid():n}"[..16];
        var userName = $"julie-{Guid.NewGuid():n}"[..16];

        await page.GotoAsync("/admin/categories");
        await page.GetByLabel("Nom de la rubrique").FillAsync(name);
        await page.PressAsync("Créer la rubrique");
        await page.ExpectStatusAsync("Rubrique créée.");
        await BrowserFixture.ScreenshotAsync(page, "admin-categories");
        await page.GotoAsync("/admin/users");
        await page.GetByLabel("Nom d’utilisateur").FillAsync(userName);
        await page.GetByLabel("Adresse électronique").FillAsync(userName + "@example.org");
        await page.GetByLabel("Mot de passe (10 caractères au moins)").FillAsync("Julie-Ecrit-2026");
        await page.GetByRole(AriaRole.Group, new() { Name = "Rôles" }).GetByLabel("Author", new() { Exact = true }).CheckAsync();
        await page.PressAsync("Créer l’utilisateur");
        await page.ExpectStatusAsync("Utilisateur créé.");
        await BrowserFixture.ScreenshotAsync(page, "admin-users");

        Assert.Contains(name, await CategoryNamesAsync());
        Assert.NotEmpty(await Host.GetTokenAsync(userName, "Julie-Ecrit-2026"));
    }

    [Fact]
    public async Task The_login_page_signs_in_and_refuses_a_wrong_password()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/admin/articles");
        Assert.Contains("/admin/login", page.Url);
        await page.GetByLabel("Nom d’utilisateur").FillAsync(CmsHost.AdminUserName);
        await page.GetByLabel("Mot de passe").FillAsync("not-the-password");
        await page.PressAsync("Se connecter");

        Assert.Contains("incorrect", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "admin-login");
    }

    private async Task<string> CategoryNameAsync(string slug) =>
        (await CategoriesAsync()).First(i => i["slug"]!.GetValue<string>() == slug)["name"]!.GetValue<string>();

    private async Task<List<string>> CategoryNamesAsync() => (await CategoriesAsync()).Select(i => i["name"]!.GetValue<string>()).ToList();

    private async Task<List<JsonNode>> CategoriesAsync()
    {
        using var reader = Host.CreateClient();
        var list = await reader.GetFromJsonAsync<JsonObject>("/api/categories");
        return list!["items"]!.AsArray().OfType<JsonNode>().ToList();
    }

    private static async Task<JsonObject> LatestAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;

    private async Task<string> PublishedSubtitleAsync(string id)
    {
        using var reader = Host.CreateClient();
        var item = await reader.GetFromJsonAsync<JsonObject>($"/api/content/{id}");
        return item!["Article"]!["Subtitle"]!["Text"]!.GetValue<string>();
    }
}
