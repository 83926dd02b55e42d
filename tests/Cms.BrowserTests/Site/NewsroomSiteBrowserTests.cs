using System.Text.Json.Nodes;
using System.Net.Http.Json;
using Cms.Tests.Admin;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Site;

/// <summary>The newsroom's additions to the public site, as a reader sees them in chromium.</summary>
public sealed class NewsroomSiteBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/categorie/defense")]
    public async Task On_a_phone_the_header_takes_at_most_a_fifth_of_the_first_screen(string url)
    {
        var page = await fixture.NewPageAsync(390, 844);
        await page.GotoAsync(url);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        var height = await page.EvaluateAsync<double>("() => document.querySelector('header.masthead').getBoundingClientRect().height");
        await BrowserFixture.ScreenshotAsync(page, $"site-header-390{url.Replace('/', '-')}");
        Assert.True(height <= 844 / 5.0, $"the header of {url} is {height}px high, more than a fifth of 844px");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Rubriques" }).GetByRole(AriaRole.Link, new() { Name = "À la une" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_article_without_a_source_shows_no_source_label()
    {
        using var admin = await fixture.Host.AdminClientAsync();
        var title = $"Sans source {Guid.NewGuid().ToString("n")[..8]}";
        var article = Articles.New(title, await Articles.CategoryIdAsync(admin, "culture"));
        article["Article"]!["Source"] = new JsonObject { ["Text"] = "" };
        var created = await Articles.CreateAsync(admin, article);
        var id = created["ContentItemId"]!.GetValue<string>();
        (await Articles.TransitionAsync(admin, id, "publish")).EnsureSuccessStatusCode();
        var page = await fixture.NewPageAsync(390, 844);

        await page.GotoAsync("/" + created["AutoroutePart"]!["Path"]!.GetValue<string>());

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = title })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".source")).ToHaveCountAsync(0);
        Assert.DoesNotContain("Source :", await page.Locator("article.article").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_editor_publishes_a_correction_note_and_readers_see_it_at_the_end_of_the_article()
    {
        using var admin = await fixture.Host.AdminClientAsync();
        var title = $"À rectifier {Guid.NewGuid().ToString("n")[..8]}";
        var created = await Articles.CreateAsync(admin, Articles.New(title, await Articles.CategoryIdAsync(admin, "culture")));
        var id = created["ContentItemId"]!.GetValue<string>();
        (await Articles.TransitionAsync(admin, id, "publish")).EnsureSuccessStatusCode();
        var editor = await AdminPages.SignInAsync(fixture, CmsHost.AdminUserName, CmsHost.AdminPassword);

        await editor.GotoAsync($"/admin/articles/{id}");
        await editor.GetByLabel("Rectificatif public (facultatif)").FillAsync("Le festival ouvre le 3 décembre, non le 4.");
        await editor.PressAsync("Enregistrer");
        await editor.ExpectStatusAsync("Article enregistré.");
        await Assertions.Expect(editor.GetByLabel("Rectificatif public (facultatif)")).ToHaveValueAsync("Le festival ouvre le 3 décembre, non le 4.");
        await editor.PressAsync("Publier");
        await editor.ExpectStatusAsync("Article publié.");
        var reader = await fixture.NewPageAsync(390, 844);
        await reader.GotoAsync("/" + created["AutoroutePart"]!["Path"]!.GetValue<string>());

        var corrections = reader.GetByRole(AriaRole.Region, new() { Name = "Rectificatifs" });
        await Assertions.Expect(corrections).ToContainTextAsync("Le festival ouvre le 3 décembre, non le 4.");
        await Assertions.Expect(corrections).ToContainTextAsync("Rectificatif du ");
        await BrowserFixture.ScreenshotAsync(reader, "site-article-correction-390");
        await editor.Context.CloseAsync();
        await reader.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reader_follows_an_author_from_the_byline_to_their_page()
    {
        using var admin = await fixture.Host.AdminClientAsync();
        var suffix = Guid.NewGuid().ToString("n")[..6];
        var user = await admin.PostAsJsonAsync("/api/users", new { userName = $"lea{suffix}", email = $"lea{suffix}@example.org", password = "Str0ng-Password!", roles = new[] { "Author" } });
        var userId = (await user.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var name = $"Léa Moreau {suffix}";
        (await admin.PutAsJsonAsync($"/api/users/{userId}/profile", new { displayName = name, bio = "Cheffe du service culture.", slug = name })).EnsureSuccessStatusCode();
        var title = $"Signé Léa {Guid.NewGuid().ToString("n")[..8]}";
        var article = Articles.New(title, await Articles.CategoryIdAsync(admin, "culture"));
        article["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray(userId) };
        var created = await Articles.CreateAsync(admin, article);
        (await Articles.TransitionAsync(admin, created["ContentItemId"]!.GetValue<string>(), "publish")).EnsureSuccessStatusCode();
        var page = await fixture.NewPageAsync(390, 844);
        await page.GotoAsync("/" + created["AutoroutePart"]!["Path"]!.GetValue<string>());

        await page.Locator(".byline").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        await Assertions.Expect(page.GetByText("Cheffe du service culture.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "site-author-390");
        await page.Context.CloseAsync();
    }
}
