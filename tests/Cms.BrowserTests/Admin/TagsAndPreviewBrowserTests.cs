using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

/// <summary>The tags' type-ahead, creating a tag on the spot, and the preview of the unsaved form at desktop and phone width.</summary>
public sealed class TagsAndPreviewBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task Typing_in_the_tags_shows_the_matching_ones_and_the_arrow_keys_and_enter_choose_one_the_article_keeps()
    {
        var editor = await Host.CreateUserAsync("Editor");
        var word = Guid.NewGuid().ToString("n")[..8];
        var late = await TagAsync(editor.Client, $"Vendanges {word} tardives");
        var early = await TagAsync(editor.Client, $"Vendanges {word} précoces");
        var id = await DraftAsync(editor.Client, "Le ban des vendanges");
        var page = await AdminPages.SignInAsync(fixture, editor.UserName);
        await page.GotoAsync($"/admin/articles/{id}");
        var tags = page.GetByRole(AriaRole.Combobox, new() { Name = "Mots-clés" });

        await tags.PressSequentiallyAsync($"vendanges {word}");
        var options = page.GetByRole(AriaRole.Listbox, new() { Name = "Mots-clés" }).GetByRole(AriaRole.Option);
        await Assertions.Expect(options).ToHaveTextAsync([$"Vendanges {word} tardives", $"Vendanges {word} précoces", $"Créer le mot-clé « vendanges {word} »"]);
        await Assertions.Expect(tags).ToHaveAttributeAsync("aria-expanded", "true");
        await tags.PressAsync("ArrowDown");
        await Assertions.Expect(options.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
        await tags.PressAsync("Enter");

        var chips = page.Locator(".combobox .chip");
        await Assertions.Expect(chips).ToHaveTextAsync([$"Vendanges {word} précoces×"]);
        await Assertions.Expect(tags).ToHaveValueAsync("");
        await Assertions.Expect(tags).ToBeFocusedAsync();
        await page.ExpectStatusAsync($"« Vendanges {word} précoces » ajouté.");
        await page.PressAsync("Enregistrer");
        await page.ExpectStatusAsync("Article enregistré.");
        Assert.Equal([early], await TagIdsAsync(editor.Client, id));
        Assert.NotEqual(late, early);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_editor_creates_a_tag_from_the_type_ahead_and_the_saved_article_carries_it()
    {
        var editor = await Host.CreateUserAsync("Editor");
        var name = $"Gel de printemps {Guid.NewGuid():n}"[..25];
        var id = await DraftAsync(editor.Client, "Le gel dans les vignes");
        var page = await AdminPages.SignInAsync(fixture, editor.UserName);
        await page.GotoAsync($"/admin/articles/{id}");
        var tags = page.GetByRole(AriaRole.Combobox, new() { Name = "Mots-clés" });

        await tags.PressSequentiallyAsync(name);
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox, new() { Name = "Mots-clés" }).GetByRole(AriaRole.Option)).ToHaveTextAsync([$"Créer le mot-clé « {name} »"]);
        await tags.PressAsync("Enter");
        await page.ExpectStatusAsync($"« {name} » ajouté.");
        await page.PressAsync("Enregistrer");
        await page.ExpectStatusAsync("Article enregistré.");

        using var reader = Host.CreateClient();
        var listed = (await reader.GetFromJsonAsync<JsonObject>("/api/tags"))!["items"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == name)!;
        Assert.Equal([listed["contentItemId"]!.GetValue<string>()], await TagIdsAsync(editor.Client, id));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_author_is_not_offered_to_create_a_tag_and_is_refused_if_the_page_asks_anyway()
    {
        var author = await Host.CreateUserAsync("Author");
        var name = $"Inédit {Guid.NewGuid():n}"[..15];
        var id = await DraftAsync(author.Client, "Sans mot-clé nouveau");
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        await page.GotoAsync($"/admin/articles/{id}");
        var tags = page.GetByRole(AriaRole.Combobox, new() { Name = "Mots-clés" });

        await tags.PressSequentiallyAsync(name);
        await tags.PressAsync("Enter");

        await Assertions.Expect(tags).ToHaveAttributeAsync("aria-expanded", "false");
        Assert.Equal(0, await page.GetByText("Créer le mot-clé").CountAsync());
        Assert.Equal(0, await page.Locator(".combobox .chip").CountAsync());
        Assert.Equal("Tapez pour chercher ; Entrée choisit.", await page.Locator($"#{await tags.GetAttributeAsync("aria-describedby")}").InnerTextAsync());
        var refused = await page.EvaluateAsync<JsonElement>("""
            async name => {
              const data = new FormData();
              data.append('name', name);
              const token = document.querySelector('input[name="__RequestVerificationToken"]').value;
              const response = await fetch('/admin/tags?handler=Create', { method: 'POST', body: data, headers: { 'RequestVerificationToken': token } });
              return { status: response.status, message: (await response.json()).message };
            }
            """, name);
        Assert.Equal(403, refused.GetProperty("status").GetInt32());
        Assert.Equal("Seuls ceux qui publient créent des mots-clés.", refused.GetProperty("message").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_preview_shows_the_unsaved_title_in_the_sites_theme_at_desktop_then_phone_width_never_stored_nor_indexed()
    {
        var author = await Host.CreateUserAsync("Author");
        var id = await DraftAsync(author.Client, "Titre enregistré");
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        var frameResponses = new ConcurrentQueue<IResponse>();
        page.Context.Response += (_, response) => { if (new Uri(response.Url).AbsolutePath.StartsWith("/preview/")) frameResponses.Enqueue(response); };
        await page.GotoAsync($"/admin/articles/{id}");
        var unsaved = $"Titre tapé, pas enregistré {Guid.NewGuid():n}"[..36];
        await page.GetByLabel("Titre", new() { Exact = true }).FillAsync(unsaved);

        var preview = await page.Context.RunAndWaitForPageAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Aperçu", Exact = true }).ClickAsync());
        await preview.GetByText("Version en cours d’écriture (non enregistrée)").WaitForAsync(new() { Timeout = 60_000 });
        var frame = preview.FrameLocator("#preview-frame");
        await frame.GetByRole(AriaRole.Heading, new() { Name = unsaved, Level = 1 }).WaitForAsync(new() { Timeout = 60_000 });
        await frame.GetByRole(AriaRole.Navigation, new() { Name = "Rubriques" }).WaitForAsync();
        Assert.Equal(1280, await FrameWidthAsync(preview));

        await preview.GetByRole(AriaRole.Button, new() { Name = "Téléphone (390 px)" }).ClickAsync();
        await Assertions.Expect(preview.GetByRole(AriaRole.Button, new() { Name = "Téléphone (390 px)" })).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Equal(390, await FrameWidthAsync(preview));
        await BrowserFixture.ScreenshotAsync(preview, "admin-preview-phone");
        await preview.GetByRole(AriaRole.Button, new() { Name = "Ordinateur (1280 px)" }).ClickAsync();
        Assert.Equal(1280, await FrameWidthAsync(preview));

        var framed = Assert.Single(frameResponses);
        Assert.Equal(200, framed.Status);
        Assert.Equal("no-store", await framed.HeaderValueAsync("cache-control"));
        Assert.Contains("noindex", await framed.HeaderValueAsync("x-robots-tag"));
        Assert.Equal("Titre enregistré", (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!["TitlePart"]!["Title"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    /// <summary>The width the site is laid out in inside the frame (its viewport), as the theme's media queries see it.</summary>
    private static Task<int> FrameWidthAsync(IPage preview) =>
        preview.Locator("#preview-frame").EvaluateAsync<int>("frame => frame.contentWindow.innerWidth");

    private static async Task<string> TagAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/tags", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["contentItemId"]!.GetValue<string>();
    }

    private static async Task<List<string>> TagIdsAsync(HttpClient client, string id)
    {
        var latest = (await client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;
        return latest["Article"]!["Tags"]!["TermContentItemIds"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
    }

    private static async Task<string> DraftAsync(HttpClient client, string title)
    {
        var created = await Articles.CreateAsync(client, Articles.New(title, await Articles.CategoryIdAsync(client, "defense")));
        return created["ContentItemId"]!.GetValue<string>();
    }
}
