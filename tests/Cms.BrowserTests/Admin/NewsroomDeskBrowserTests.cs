using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

/// <summary>Presence, bulk actions and restoring, as people do them in chromium.</summary>
public sealed class NewsroomDeskBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task Two_editors_on_the_same_article_each_see_the_other_until_one_leaves()
    {
        var marc = await Host.CreateUserAsync("Editor");
        var julie = await Host.CreateUserAsync("Editor");
        var id = await DraftAsync(marc.Client, $"Ouvert à deux {Guid.NewGuid():n}"[..30]);
        var marcPage = await AdminPages.SignInAsync(fixture, marc.UserName);
        var juliePage = await AdminPages.SignInAsync(fixture, julie.UserName);

        // Marc's page says it is there before Julie opens the article.
        await marcPage.RunAndWaitForResponseAsync(() => marcPage.GotoAsync($"/admin/articles/{id}"),
            r => r.Url.Contains($"/admin/presence/{id}") && r.Request.Method == "POST");
        await juliePage.GotoAsync($"/admin/articles/{id}");
        await juliePage.ExpectStatusAsync($"{marc.UserName} modifie cet article depuis");
        await BrowserFixture.ScreenshotAsync(juliePage, "admin-editor-presence");

        // Marc's next heartbeat brings Julie's name; her leaving clears it on the one after.
        await marcPage.ExpectStatusAsync($"{julie.UserName} modifie cet article depuis");
        await juliePage.GotoAsync("/admin");
        var status = marcPage.Locator("[data-presence-text]");
        await Assertions.Expect(status).ToHaveTextAsync("", new() { Timeout = 60_000 });
        await marcPage.Context.CloseAsync();
        await juliePage.Context.CloseAsync();
    }

    [Fact]
    public async Task An_editor_publishes_checked_articles_at_once_and_is_told_which_one_was_refused()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var tag = Guid.NewGuid().ToString("n")[..8];
        var first = await DraftAsync(author.Client, $"Premier {tag}");
        var second = await DraftAsync(author.Client, $"Second {tag}");
        var live = await DraftAsync(author.Client, $"En ligne {tag}");
        (await Articles.TransitionAsync(editor.Client, live, "publish")).EnsureSuccessStatusCode();
        var page = await AdminPages.SignInAsync(fixture, editor.UserName);
        await page.GotoAsync($"/admin/articles?q={tag}");

        foreach (var title in new[] { $"Premier {tag}", $"Second {tag}", $"En ligne {tag}" }) await page.GetByLabel($"Cocher « {title} »").CheckAsync();
        await page.GetByLabel("Action", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Publier" });
        await page.PressAsync("Appliquer");

        await page.ExpectStatusAsync($"2 publiés ; 1 refusé : « En ligne {tag} » — son état (« Publié ») ne permet pas de le publier.");
        await BrowserFixture.ScreenshotAsync(page, "admin-list-bulk-report");
        using var reader = Host.CreateClient();
        Assert.True((await reader.GetAsync($"/api/content/{first}")).IsSuccessStatusCode);
        Assert.True((await reader.GetAsync($"/api/content/{second}")).IsSuccessStatusCode);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Restoring_an_old_version_shows_what_comes_back_and_restores_only_once_confirmed()
    {
        var author = await Host.CreateUserAsync("Author");
        var category = await Articles.CategoryIdAsync(author.Client, "defense");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Le titre d’origine", category));
        var id = created["ContentItemId"]!.GetValue<string>();
        (await Articles.SaveAsync(author.Client, id, created["ContentItemVersionId"]!.GetValue<string>(), Articles.New("Le titre changé", category))).EnsureSuccessStatusCode();
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        await page.GotoAsync($"/admin/articles/{id}/history");

        await page.GetByRole(AriaRole.Link, new() { Name = "Restaurer la version n° 1…" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Restaurer la version n° 1 ?" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".confirm ins").Filter(new() { HasText = "d’origine" }).First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "admin-history-restore-confirmation");
        var before = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;
        await page.PressAsync("Restaurer cette version");
        await page.WaitForURLAsync(new Regex($"/admin/articles/{id}\\?m=restored$"));
        var after = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;

        Assert.Equal("Le titre changé", before["TitlePart"]!["Title"]!.GetValue<string>());
        Assert.Equal("Le titre d’origine", after["TitlePart"]!["Title"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    private static async Task<string> DraftAsync(HttpClient client, string title)
    {
        var created = await Articles.CreateAsync(client, Articles.New(title, await Articles.CategoryIdAsync(client, "defense")));
        return created["ContentItemId"]!.GetValue<string>();
    }
}
