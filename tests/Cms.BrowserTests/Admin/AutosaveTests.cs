using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

public sealed class AutosaveTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Typing_keeps_one_rolling_autosave_that_is_offered_back_when_the_article_is_reopened()
    {
        var author = await fixture.Host.CreateUserAsync("Author");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Brouillon en cours", await Articles.CategoryIdAsync(author.Client, "defense")));
        var id = created["ContentItemId"]!.GetValue<string>();
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        await page.GotoAsync($"/admin/articles/{id}");

        await page.GetByLabel("Chapeau").FillAsync("Un paragraphe qu’il ne faut pas perdre.");
        await page.ExpectStatusAsync("Brouillon enregistré automatiquement");
        // The second autosave replaces the first: waited for by its answer, the status already says "enregistré".
        await page.RunAndWaitForResponseAsync(() => page.GetByLabel("Chapeau").FillAsync("Un paragraphe qu’il ne faut surtout pas perdre."),
            r => r.Url.Contains("handler=Autosave"), new() { Timeout = 60_000 });
        await page.GotoAsync($"/admin/articles/{id}");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Reprendre la sauvegarde automatique de" }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Reprendre", Exact = true }).ClickAsync();
        await page.ExpectStatusAsync("Sauvegarde automatique reprise");

        var history = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}/history"))!;
        Assert.Single(history["versions"]!.AsArray());
        Assert.Equal("Un paragraphe qu’il ne faut surtout pas perdre.", await page.GetByLabel("Chapeau").InputValueAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Changes_already_autosaved_are_saved_with_the_submission_not_lost()
    {
        var author = await fixture.Host.CreateUserAsync("Author");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Soumis après l’autosave", await Articles.CategoryIdAsync(author.Client, "defense")));
        var id = created["ContentItemId"]!.GetValue<string>();
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        await page.GotoAsync($"/admin/articles/{id}");

        // Typed, left (its change event), then autosaved: only the autosave holds it when the button is pressed.
        await page.GetByLabel("Source").FillAsync("Préfecture du Haut-Rhin");
        await page.GetByLabel("Source").PressAsync("Tab");
        await page.ExpectStatusAsync("Brouillon enregistré automatiquement");
        await page.PressAsync("Soumettre pour relecture");
        await page.ExpectStatusAsync("Article soumis pour relecture.");

        var latest = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;
        Assert.Equal("InReview", latest["Status"]!.GetValue<string>());
        Assert.Equal("Préfecture du Haut-Rhin", latest["Article"]!["Source"]!["Text"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_version_saved_by_someone_else_since_is_shown_as_differences_before_restoring()
    {
        var author = await fixture.Host.CreateUserAsync("Author");
        var category = await Articles.CategoryIdAsync(author.Client, "defense");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Deux plumes", category));
        var id = created["ContentItemId"]!.GetValue<string>();
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        await page.GotoAsync($"/admin/articles/{id}");
        await page.GetByLabel("Chapeau").FillAsync("Le chapeau de l’auteur.");
        await page.ExpectStatusAsync("Brouillon enregistré automatiquement");
        using var editor = await fixture.Host.CreateUserAsync("Editor");
        var newer = Articles.New("Deux plumes", category, subtitle: "Le chapeau du rédacteur en chef.");
        Assert.True((await Articles.SaveAsync(editor.Client, id, created["ContentItemVersionId"]!.GetValue<string>(), newer)).IsSuccessStatusCode);

        await page.GotoAsync($"/admin/articles/{id}");
        var offer = page.GetByRole(AriaRole.Region, new() { Name = "Reprendre la sauvegarde automatique de" });
        await offer.GetByText("Une version plus récente a été enregistrée depuis").WaitForAsync();

        Assert.Contains("rédacteur", await offer.Locator("del").AllInnerTextsAsync());
        Assert.Contains("l’auteur.", await offer.Locator("ins").AllInnerTextsAsync());
        Assert.Equal("Le chapeau du rédacteur en chef.", await page.GetByLabel("Chapeau").InputValueAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Reprendre", Exact = true }).ClickAsync();
        await page.ExpectStatusAsync("Sauvegarde automatique reprise");
        Assert.Equal("Le chapeau de l’auteur.", await page.GetByLabel("Chapeau").InputValueAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_incomplete_new_article_is_autosaved_with_its_missing_fields_named_and_marked()
    {
        var author = await fixture.Host.CreateUserAsync("Author");
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        await page.GotoAsync("/admin/articles/new");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Corps de l’article" }).FillAsync("Premier paragraphe.");
        await page.ExpectStatusAsync("des champs sont à compléter avant d’enregistrer : Titre");

        Assert.Equal("true", await page.GetByLabel("Titre", new() { Exact = true }).GetAttributeAsync("aria-invalid"));
        Assert.Contains("incomplete", await page.GetByLabel("Rubrique").GetAttributeAsync("class") ?? "");
        await page.GotoAsync("/admin/articles/new");
        await page.GetByRole(AriaRole.Link, new() { Name = "Reprendre", Exact = true }).ClickAsync();
        await page.ExpectStatusAsync("Sauvegarde automatique reprise");
        Assert.Contains("Premier paragraphe.", await page.GetByRole(AriaRole.Textbox, new() { Name = "Corps de l’article" }).InnerTextAsync());
        await page.Context.CloseAsync();
    }
}
