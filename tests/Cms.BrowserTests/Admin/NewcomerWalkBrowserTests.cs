using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

/// <summary>
/// A newcomer's walk with only the keyboard: an author writes and submits, an editor sends the article back with a
/// comment, the author fixes and resubmits, the editor publishes and opens it on the site. Every step is a Tab to a
/// visible, named control and a key, as a person does it; a screenshot of each step goes to the screenshots folder.
/// </summary>
public sealed class NewcomerWalkBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task With_only_the_keyboard_an_article_is_written_submitted_sent_back_resubmitted_published_and_opened_on_the_site()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var title = $"Les vendanges avancent en Alsace {Guid.NewGuid():n}"[..40];

        // The author signs in and starts a new article from the menu.
        var authorPage = await SignInWithKeysAsync(author.UserName);
        await TabToAsync(authorPage, AriaRole.Link, "Nouvel article");
        await authorPage.Keyboard.PressAsync("Enter");
        await authorPage.WaitForURLAsync(new Regex("/admin/articles/new"));
        await TabToAsync(authorPage, AriaRole.Textbox, "Titre");
        await authorPage.Keyboard.TypeAsync(title);
        await authorPage.Keyboard.PressAsync("Tab");
        await authorPage.Keyboard.TypeAsync("La chaleur de l’été a fait mûrir le raisin plus tôt que jamais.");
        // From the standfirst, the toolbar is one stop (its buttons by the arrow keys) and the body the next.
        await authorPage.Keyboard.PressAsync("Tab");
        await Assertions.Expect(authorPage.GetByRole(AriaRole.Button, new() { Name = "Intertitre", Exact = true })).ToBeFocusedAsync();
        await authorPage.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Body(authorPage)).ToBeFocusedAsync();
        await authorPage.Keyboard.TypeAsync("À Riquewihr, les premiers sécateurs sont sortis dès le 18 août.");
        await TabToAsync(authorPage, AriaRole.Combobox, "Rubrique");
        await ChooseAsync(authorPage, "Économie");
        await Screenshot(authorPage, "01-author-writes");
        await TabToAsync(authorPage, AriaRole.Button, "Enregistrer");
        await authorPage.Keyboard.PressAsync("Enter");
        await authorPage.ExpectStatusAsync("Article enregistré.");
        await Screenshot(authorPage, "02-author-saved");
        var id = authorPage.ArticleId();
        await TabToAsync(authorPage, AriaRole.Button, "Soumettre pour relecture");
        await authorPage.Keyboard.PressAsync("Enter");
        await authorPage.ExpectStatusAsync("Article soumis pour relecture.");
        // Locked out while in review: the empty actions box says why, instead of looking broken.
        await Assertions.Expect(authorPage.GetByRole(AriaRole.Group, new() { Name = "Actions" })).ToContainTextAsync("aucune action ne vous est ouverte");
        await Screenshot(authorPage, "03-author-submitted");

        // The editor finds it in the review queue and sends it back with a comment.
        var editorPage = await SignInWithKeysAsync(editor.UserName);
        await Screenshot(editorPage, "04-editor-dashboard");
        await TabToAsync(editorPage, AriaRole.Link, title);
        await editorPage.Keyboard.PressAsync("Enter");
        await editorPage.WaitForURLAsync(new Regex($"/admin/articles/{id}$"));
        await TabToAsync(editorPage, AriaRole.Textbox, "Commentaire pour l’auteur");
        await editorPage.Keyboard.TypeAsync("Citez la source des chiffres, s’il vous plaît.");
        await TabToAsync(editorPage, AriaRole.Button, "Rejeter");
        await editorPage.Keyboard.PressAsync("Enter");
        await editorPage.ExpectStatusAsync("Article renvoyé à son auteur.");
        await Screenshot(editorPage, "05-editor-sent-back");

        // The author sees it sent back on the dashboard, with the comment, fixes it and submits it again.
        await TabToAsync(authorPage, AriaRole.Link, "Tableau de bord");
        await authorPage.Keyboard.PressAsync("Enter");
        await authorPage.WaitForURLAsync(new Regex("/admin$"));
        var sentBack = authorPage.GetByRole(AriaRole.Region, new() { Name = "Renvoyés par la relecture" });
        await Assertions.Expect(sentBack).ToContainTextAsync("Citez la source des chiffres");
        await Screenshot(authorPage, "06-author-dashboard-sent-back");
        await TabToAsync(authorPage, AriaRole.Link, title);
        await authorPage.Keyboard.PressAsync("Enter");
        await authorPage.WaitForURLAsync(new Regex($"/admin/articles/{id}$"));
        await Assertions.Expect(authorPage.GetByRole(AriaRole.Complementary, new() { Name = "Commentaire de relecture" })).ToContainTextAsync("Citez la source");
        await TabToAsync(authorPage, AriaRole.Textbox, "Source");
        await authorPage.Keyboard.TypeAsync("Conseil interprofessionnel des vins d’Alsace");
        await TabToAsync(authorPage, AriaRole.Button, "Soumettre pour relecture");
        await authorPage.Keyboard.PressAsync("Enter");
        await authorPage.ExpectStatusAsync("Article soumis pour relecture.");
        await Screenshot(authorPage, "07-author-resubmitted");

        // The editor publishes from the queue, then opens the article on the site.
        await TabToAsync(editorPage, AriaRole.Link, "Tableau de bord");
        await editorPage.Keyboard.PressAsync("Enter");
        await editorPage.WaitForURLAsync(new Regex("/admin$"));
        await TabToAsync(editorPage, AriaRole.Link, title);
        await editorPage.Keyboard.PressAsync("Enter");
        await editorPage.WaitForURLAsync(new Regex($"/admin/articles/{id}$"));
        await TabToAsync(editorPage, AriaRole.Button, "Publier");
        await editorPage.Keyboard.PressAsync("Enter");
        await editorPage.ExpectStatusAsync("Article publié.");
        await Assertions.Expect(editorPage.GetByRole(AriaRole.Status).GetByRole(AriaRole.Link, new() { Name = "Voir l’article en ligne" })).ToBeVisibleAsync();
        await Screenshot(editorPage, "08-editor-published");
        var site = await editorPage.Context.RunAndWaitForPageAsync(async () =>
        {
            await TabToAsync(editorPage, AriaRole.Link, "Voir sur le site");
            await editorPage.Keyboard.PressAsync("Enter");
        });
        await site.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 }).WaitForAsync(new() { Timeout = 60_000 });
        await Screenshot(site, "09-site-article");

        Assert.DoesNotContain("/admin", site.Url);
        using var reader = Host.CreateClient();
        var published = (await reader.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        Assert.Equal("Conseil interprofessionnel des vins d’Alsace", published["Article"]!["Source"]!["Text"]!.GetValue<string>());
        await authorPage.Context.CloseAsync();
        await editorPage.Context.CloseAsync();
    }

    private static ILocator Body(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "Corps de l’article" });

    private async Task<IPage> SignInWithKeysAsync(string userName)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/admin/login");
        await TabToAsync(page, AriaRole.Textbox, "Nom d’utilisateur");
        await page.Keyboard.TypeAsync(userName);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(AdminPages.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/admin$"));
        return page;
    }

    /// <summary>
    /// Presses Tab until the visible control of that role and name has the focus (unless it has it already), as one who
    /// tabs through the page does; fails when a whole round of the page does not reach it.
    /// </summary>
    private static async Task TabToAsync(IPage page, AriaRole role, string name)
    {
        var target = page.GetByRole(role, new() { Name = name, Exact = true }).First;
        await Assertions.Expect(target).ToBeVisibleAsync();
        for (var presses = 0; presses < 200; presses++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement")) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached the {role} « {name} » on {page.Url}.");
    }

    /// <summary>Chooses an option of the focused list box with the arrow keys.</summary>
    private static async Task ChooseAsync(IPage page, string option)
    {
        for (var presses = 0; presses < 30; presses++)
        {
            if (await page.EvaluateAsync<string>("() => document.activeElement.selectedOptions[0].text") == option) return;
            await page.Keyboard.PressAsync("ArrowDown");
        }
        Assert.Fail($"The arrow keys never reached « {option} ».");
    }

    private static Task Screenshot(IPage page, string step) => BrowserFixture.ScreenshotAsync(page, "walk-" + step);
}
