using System.Text.RegularExpressions;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Site;

/// <summary>Searching from the header's search box, as a reader would, against the real search service.</summary>
public sealed class SearchBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_search_box_finds_the_Koursk_article_from_words_without_accents()
    {
        var page = await fixture.NewPageAsync(360, 740);
        await page.GotoAsync("/");

        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "Rechercher" });
        await box.FillAsync("soldat coreen");
        await box.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/recherche\\?q=soldat"));
        var result = page.GetByRole(AriaRole.Link, new() { Name = "Des soldats nord-coréens à Koursk : ce que l’on sait du déploiement" });
        await Assertions.Expect(result.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".snippet mark").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "site-search-results-360");
        await result.First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement$"));
        await page.Context.CloseAsync();
    }
}
