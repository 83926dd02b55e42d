using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

public sealed class AutosaveTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_draft_being_typed_is_saved_without_pressing_save()
    {
        var author = await fixture.Host.CreateUserAsync("Author");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Brouillon en cours", await Articles.CategoryIdAsync(author.Client, "defense")));
        var id = created["ContentItemId"]!.GetValue<string>();
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        await page.GotoAsync($"/admin/articles/{id}");

        await page.GetByLabel("Chapeau").FillAsync("Un paragraphe qu’il ne faut pas perdre.");
        await page.ExpectStatusAsync("Brouillon enregistré automatiquement");

        var latest = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;
        Assert.Equal("Un paragraphe qu’il ne faut pas perdre.", latest["Article"]!["Subtitle"]!["Text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_article_is_created_by_autosave_once_it_has_a_title_and_a_category()
    {
        var author = await fixture.Host.CreateUserAsync("Author");
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        await page.GotoAsync("/admin/articles/new");

        // The title comes last: until it is there the draft is not valid, so the first autosave holds everything.
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Corps de l’article" }).FillAsync("Premier paragraphe.");
        await page.GetByLabel("Rubrique").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Titre").FillAsync("Écrit sans enregistrer");
        await page.ExpectStatusAsync("Brouillon enregistré automatiquement");
        await page.WaitForURLAsync(new Regex("/admin/articles/(?!new)[^/]+$"), new() { Timeout = 60_000 });

        var latest = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{page.ArticleId()}?version=latest"))!;
        Assert.Equal("Écrit sans enregistrer", latest["TitlePart"]!["Title"]!.GetValue<string>());
        Assert.Contains("Premier paragraphe.", latest["HtmlBodyPart"]!["Html"]!.GetValue<string>());
    }
}
