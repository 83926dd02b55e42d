using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Media;
using Cms.Tests.Security;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

/// <summary>The writing aids of the editor: counts as one types, images dropped or pasted into the body, the picker's search.</summary>
public sealed partial class WritingAidsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task The_word_count_reading_time_and_character_counts_follow_the_typing()
    {
        var author = await Host.CreateUserAsync("Author");
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        await page.GotoAsync("/admin/articles/new");
        var body = page.GetByRole(AriaRole.Textbox, new() { Name = "Corps de l’article" });
        var words = page.Locator("[data-wordcount]");
        await Assertions.Expect(words).ToHaveTextAsync("0 mot · 1 min de lecture");

        await body.ClickAsync();
        await body.PressSequentiallyAsync("Les vendanges d’automne commencent.");
        await Assertions.Expect(words).ToHaveTextAsync("4 mots · 1 min de lecture");
        // About 230 words a minute: 700 words are three minutes of reading.
        await body.FillAsync(string.Join(' ', Enumerable.Repeat("vigne", 700)));
        await Assertions.Expect(words).ToHaveTextAsync("700 mots · 3 min de lecture");

        await page.GetByLabel("Titre", new() { Exact = true }).PressSequentiallyAsync("Élysée");
        await Assertions.Expect(await CounterOfAsync(page, page.GetByLabel("Titre", new() { Exact = true }))).ToHaveTextAsync("6 caractères");
        var standfirst = page.GetByLabel("Chapeau");
        await standfirst.PressSequentiallyAsync("Un été sec.");
        await Assertions.Expect(await CounterOfAsync(page, standfirst)).ToHaveTextAsync("11 caractères");
        var seoTitle = page.GetByLabel("Intitulé dans les résultats de recherche");
        await seoTitle.PressSequentiallyAsync("Vendanges");
        await Assertions.Expect(await CounterOfAsync(page, seoTitle)).ToHaveTextAsync("9 / 60 caractères");
        await seoTitle.FillAsync(new string('a', 61));
        await Assertions.Expect(await CounterOfAsync(page, seoTitle)).ToHaveTextAsync("61 / 60 caractères : plus long que recommandé");
        await Assertions.Expect(await CounterOfAsync(page, seoTitle)).ToHaveClassAsync(new Regex("\\bover\\b"));
        var seoDescription = page.GetByLabel("Description pour les moteurs de recherche");
        await seoDescription.PressSequentiallyAsync("Récolte précoce en Alsace.");
        await Assertions.Expect(await CounterOfAsync(page, seoDescription)).ToHaveTextAsync("26 / 160 caractères");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_image_file_dropped_into_the_body_is_uploaded_and_inserted_as_a_figure_with_its_caption()
    {
        var author = await Host.CreateUserAsync("Author");
        var id = await DraftAsync(author.Client, "Une photo déposée");
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        var violations = await CspViolations.WatchAsync(page);
        await page.GotoAsync($"/admin/articles/{id}");
        var body = page.GetByRole(AriaRole.Textbox, new() { Name = "Corps de l’article" });
        await body.FillAsync("Premier paragraphe.");
        var name = $"vignoble-{Guid.NewGuid():n}"[..17] + ".png";

        var transfer = await TransferOfAsync(page, name);
        var box = (await body.BoundingBoxAsync())!;
        await body.DispatchEventAsync("drop", new Dictionary<string, object>
        {
            ["dataTransfer"] = transfer, ["clientX"] = (int)(box.X + box.Width / 2), ["clientY"] = (int)(box.Y + box.Height - 4),
        });
        await InsertWithCaptionAsync(page, "Des rangs de vigne sous la brume", "Le vignoble de Riquewihr à l’aube.");

        var src = await FigureSourceAsync(body, "Des rangs de vigne sous la brume", "Le vignoble de Riquewihr à l’aube.");
        Assert.EndsWith(name + "?width=1024", src);
        await AssertServesImageAsync(src);
        await page.PressAsync("Enregistrer");
        await page.ExpectStatusAsync("Article enregistré.");
        var saved = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!["HtmlBodyPart"]!["Html"]!.GetValue<string>();
        Assert.Contains($"<figure><img src=\"{src}\" alt=\"Des rangs de vigne sous la brume\"><figcaption>Le vignoble de Riquewihr à l’aube.</figcaption></figure>", saved);
        Assert.True(saved.IndexOf("Premier paragraphe.", StringComparison.Ordinal) is >= 0 and var text && text < saved.IndexOf("<figure>", StringComparison.Ordinal),
            "the text written before the drop stays before the figure");
        await violations.SettleAsync(page);
        Assert.Empty(violations.Seen);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_image_pasted_into_the_body_is_uploaded_and_inserted_as_a_figure_with_its_caption()
    {
        var author = await Host.CreateUserAsync("Author");
        var id = await DraftAsync(author.Client, "Une photo collée");
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        await page.GotoAsync($"/admin/articles/{id}");
        var body = page.GetByRole(AriaRole.Textbox, new() { Name = "Corps de l’article" });
        await body.ClickAsync();
        await body.PressSequentiallyAsync("Avant l’image.");
        var name = $"colle-{Guid.NewGuid():n}"[..14] + ".png";

        var transfer = await TransferOfAsync(page, name);
        var handled = await body.EvaluateAsync<bool>("""
            (editor, transfer) => !editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
            """, transfer);
        await InsertWithCaptionAsync(page, "Une cave voûtée", "La cave coopérative.");

        Assert.True(handled, "the editor did not take the pasted image");
        var src = await FigureSourceAsync(body, "Une cave voûtée", "La cave coopérative.");
        Assert.EndsWith(name + "?width=1024", src);
        await AssertServesImageAsync(src);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_image_dialog_opens_on_the_latest_uploads_and_finds_one_by_its_caption_with_a_resized_thumbnail()
    {
        var author = await Host.CreateUserAsync("Author");
        var word = "cuvee" + Guid.NewGuid().ToString("n")[..8];
        var older = MediaApiClient.PathOf(await MediaApiClient.UploadNewAsync(author.Client, TestImages.Jpeg(640, 480), "pressoir.jpg",
            new Dictionary<string, string> { ["alt"] = "Un pressoir", ["caption"] = $"Le pressoir de la {word}." }));
        var newer = MediaApiClient.PathOf(await MediaApiClient.UploadNewAsync(author.Client, TestImages.Jpeg(640, 480), "tonneau.jpg",
            new Dictionary<string, string> { ["alt"] = "Un tonneau" }));
        var id = await DraftAsync(author.Client, "Une photo choisie");
        var page = await AdminPages.SignInAsync(fixture, author.UserName);
        await page.GotoAsync($"/admin/articles/{id}");

        await page.PressAsync("Image");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Choisir une image" });
        await dialog.GetByText("Dernières images téléversées").WaitForAsync();
        var listed = await dialog.Locator("button.pick").EvaluateAllAsync<string[]>("buttons => buttons.map(b => b.dataset.path)");
        Assert.True(Array.IndexOf(listed, newer) is >= 0 and var n && n < Array.IndexOf(listed, older), "the latest upload comes first");
        await dialog.GetByLabel("Rechercher une image (nom, texte alternatif, légende)").FillAsync(word);
        await dialog.GetByLabel("Rechercher une image (nom, texte alternatif, légende)").PressAsync("Enter");
        await dialog.GetByText($"Images trouvées pour « {word} »").WaitForAsync();

        var found = dialog.Locator("button.pick");
        await Assertions.Expect(found).ToHaveCountAsync(1);
        Assert.Equal(older, await found.GetAttributeAsync("data-path"));
        var thumbnail = found.Locator("img");
        Assert.Equal($"/media/{older}?width=320&format=webp", await thumbnail.GetAttributeAsync("src"));
        await Assertions.Expect(thumbnail).ToHaveJSPropertyAsync("naturalWidth", 320);
        await page.Context.CloseAsync();
    }

    /// <summary>The count a field announces through its aria-describedby.</summary>
    private static async Task<ILocator> CounterOfAsync(IPage page, ILocator input) =>
        page.Locator("#" + (await input.GetAttributeAsync("aria-describedby"))!.Split(' ')[0]);

    /// <summary>A DataTransfer holding a PNG file built in the page from real bytes, as a file from the desktop would be.</summary>
    private static async Task<IJSHandle> TransferOfAsync(IPage page, string name) =>
        await page.EvaluateHandleAsync("""
            ([base64, name]) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], name, { type: 'image/png' }));
              return transfer;
            }
            """, new object[] { Convert.ToBase64String(TestImages.Png(1600, 1000)), name });

    private static async Task InsertWithCaptionAsync(IPage page, string alt, string caption)
    {
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Image ajoutée au texte" });
        await dialog.WaitForAsync();
        await dialog.GetByLabel("Texte alternatif (décrit l’image pour qui ne la voit pas)").FillAsync(alt);
        await dialog.GetByLabel("Légende").FillAsync(caption);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Insérer" }).ClickAsync();
        await page.ExpectStatusAsync("Image insérée.");
    }

    private static async Task<string> FigureSourceAsync(ILocator body, string alt, string caption)
    {
        var html = await body.InnerHTMLAsync();
        var figure = Figure().Match(html);
        Assert.True(figure.Success, "no figure in " + html);
        Assert.Equal(alt, figure.Groups["alt"].Value);
        Assert.Equal(caption, figure.Groups["caption"].Value);
        return figure.Groups["src"].Value;
    }

    private async Task AssertServesImageAsync(string src)
    {
        using var reader = Host.CreateClient();
        using var response = await reader.GetAsync(src);
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("image/", response.Content.Headers.ContentType?.MediaType);
        // The body's figures ask for the 1024 px variant of the 1600 px original.
        Assert.Equal(1024, TestImages.Decode(await response.Content.ReadAsByteArrayAsync()).Width);
    }

    private static async Task<string> DraftAsync(HttpClient client, string title)
    {
        var created = await Articles.CreateAsync(client, Articles.New(title, await Articles.CategoryIdAsync(client, "defense")));
        return created["ContentItemId"]!.GetValue<string>();
    }

    [GeneratedRegex("<figure><img src=\"(?<src>/media/[^\"]+)\" alt=\"(?<alt>[^\"]*)\"><figcaption>(?<caption>[^<]*)</figcaption></figure>")]
    private static partial Regex Figure();
}
