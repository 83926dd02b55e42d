using System.Text.RegularExpressions;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Site;

/// <summary>The public site as a reader sees it in chromium, on a phone (360x740) and on a laptop (1280x800).</summary>
public sealed class PublicSiteBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string KourskPath = "/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement";
    private const string KourskTitle = "Des soldats nord-coréens à Koursk : ce que l’on sait du déploiement";

    public static TheoryData<string, string, int, int> Pages()
    {
        var data = new TheoryData<string, string, int, int>();
        foreach (var (width, height) in new[] { (360, 740), (1280, 800) })
        {
            data.Add("home", "/", width, height);
            data.Add("article", KourskPath, width, height);
            data.Add("category", "/categorie/defense", width, height);
            data.Add("search", "/recherche?q=Koursk", width, height);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_fits_the_screen_with_legible_type_and_large_tap_targets(string name, string url, int width, int height)
    {
        var page = await fixture.NewPageAsync(width, height);
        await page.GotoAsync(url);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, $"site-{name}-{width}x{height}");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0)
        {
            var culprits = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
            Assert.Fail($"{url} scrolls sideways by {overflow}px at {width}px: {string.Join(", ", culprits)}");
        }
        var fontSize = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.body).fontSize)");
        Assert.True(fontSize >= 16, $"body text is {fontSize}px");
        var smallTargets = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('nav a, .pager a, .tags a, button')].filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44).map(e => e.textContent.trim())");
        Assert.True(smallTargets.Length == 0, $"tap targets under 44px on {url}: {string.Join(", ", smallTargets)}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reader_on_a_phone_opens_an_article_from_the_home_page()
    {
        var page = await fixture.NewPageAsync(360, 740);
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = KourskTitle, Exact = true }).First.ClickAsync();

        await page.WaitForURLAsync(new Regex(Regex.Escape(KourskPath) + "$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = KourskTitle })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Défense" }).Last).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "site-article-opened-360");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reader_follows_a_category_from_the_menu()
    {
        var page = await fixture.NewPageAsync(1280, 800);
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Rubriques" }).GetByRole(AriaRole.Link, new() { Name = "Défense" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/categorie/defense$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Défense" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = KourskTitle })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
