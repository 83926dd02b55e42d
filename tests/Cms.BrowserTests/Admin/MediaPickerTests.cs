using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Media;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

public sealed class MediaPickerTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_author_uploads_a_photo_then_picks_it_for_the_article_and_the_body()
    {
        var author = await fixture.Host.CreateUserAsync("Author");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Reportage photo", await Articles.CategoryIdAsync(author.Client, "international")));
        var id = created["ContentItemId"]!.GetValue<string>();
        var folder = "reportage-" + Guid.NewGuid().ToString("n")[..8];
        var page = await AdminPages.SignInAsync(fixture, author.UserName);

        await page.GotoAsync("/admin/media");
        await page.GetByLabel("Fichier (JPEG, PNG, WebP ou GIF)").SetInputFilesAsync(new FilePayload
        {
            Name = "Colonne à Koursk.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(1200, 800),
        });
        await page.GetByLabel("Dossier (vide : celui du mois en cours)").FillAsync(folder);
        await page.GetByLabel("Texte alternatif (décrit l’image pour qui ne la voit pas)").FillAsync("Une colonne de blindés sur une route enneigée");
        await page.PressAsync("Téléverser");
        await page.ExpectStatusAsync("Image téléversée.");
        await BrowserFixture.ScreenshotAsync(page, "admin-media");

        await page.GotoAsync($"/admin/articles/{id}");
        await page.PressAsync("Choisir dans la médiathèque");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "📁 " + folder }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Choisir colonne-a-koursk.jpg" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Corps de l’article" }).ClickAsync();
        await page.PressAsync("Image");
        await page.GetByRole(AriaRole.Button, new() { Name = "📁 " + folder }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Choisir colonne-a-koursk.jpg" }).ClickAsync();
        await page.Locator("#caption-alt").FillAsync("Une colonne de blindés sur une route enneigée");
        await page.Locator("#caption-text").FillAsync("La colonne près de Koursk.");
        await page.PressAsync("Insérer");
        await BrowserFixture.ScreenshotAsync(page, "admin-editor-image-picked");
        await page.PressAsync("Enregistrer");
        await page.ExpectStatusAsync("Article enregistré.");

        var latest = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;
        var path = $"{folder}/colonne-a-koursk.jpg";
        Assert.Equal(path, latest["Article"]!["Image"]!["Paths"]![0]!.GetValue<string>());
        Assert.Equal("Une colonne de blindés sur une route enneigée", latest["Article"]!["Image"]!["MediaTexts"]![0]!.GetValue<string>());
        Assert.Contains($"src=\"/media/{path}?width=1024\"", latest["HtmlBodyPart"]!["Html"]!.GetValue<string>());
    }
}
