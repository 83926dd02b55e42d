using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

public sealed class PreviewLinkBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_editor_copies_a_preview_link_and_the_draft_opens_at_phone_width_in_the_sites_theme()
    {
        var editor = await fixture.Host.CreateUserAsync("Editor");
        var title = $"Un brouillon à relire {Guid.NewGuid():n}"[..34];
        var category = await Articles.CategoryIdAsync(editor.Client, "culture");
        var id = (await Articles.CreateAsync(editor.Client, Articles.New(title, category)))["ContentItemId"]!.GetValue<string>();

        var page = await AdminPages.SignInAsync(fixture, editor.UserName);
        await page.GotoAsync($"/admin/articles/{id}");
        await page.PressAsync("Copier le lien de prévisualisation");
        var link = await page.GetByLabel(new System.Text.RegularExpressions.Regex("Lien de prévisualisation")).InputValueAsync();
        Assert.Contains("/preview/", link);

        // A colleague on a phone, not signed in.
        var phone = await fixture.NewPageAsync(width: 390, height: 844);
        var response = await phone.GotoAsync(link);
        Assert.Equal(200, response!.Status);
        await phone.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 }).WaitForAsync();
        Assert.True(await phone.GetByText("Prévisualisation — cette version n’est pas publiée.").IsVisibleAsync());
        Assert.Equal("noindex", await phone.Locator("meta[name=robots]").GetAttributeAsync("content"));
        var width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the preview is {width}px wide at phone width");
        await BrowserFixture.ScreenshotAsync(phone, "preview-link-phone");
    }
}
