using System.Buffers.Binary;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Media;
using Cms.Tests.Support;
using Microsoft.Playwright;
using SkiaSharp;

namespace Cms.Tests.Admin;

/// <summary>
/// The editor as the README shows it: an article with real French text, a lead image and tags, at a desktop's 1280×900
/// and a phone's 390×844. The PNGs land in the screenshots folder (docs/images holds a copy of each).
/// </summary>
public sealed class EditorScreenshotTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private CmsHost Host => fixture.Host;

    [Theory]
    [InlineData("editor-desktop", 1280, 900)]
    [InlineData("editor-phone", 390, 844)]
    public async Task The_editor_of_a_real_article_is_screenshot_at_its_width(string name, int width, int height)
    {
        var editor = await Host.CreateUserAsync("Editor");
        var id = await RealArticleAsync(editor.Client);
        var page = await AdminPages.SignInAsync(fixture, editor.UserName);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/admin/articles/{id}");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.media-preview:not([hidden])')].some(i => i.complete && i.naturalWidth > 0)");
        await page.Locator("[data-wordcount]").Filter(new() { HasText = "min de lecture" }).WaitForAsync();

        var path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });

        Assert.Equal((width, height), PngSize(png));
        Assert.Equal((width, height), PngSize(await File.ReadAllBytesAsync(path)));
        // Nothing wider than the screen: a phone scrolls down, never sideways.
        Assert.Equal(width, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await page.Context.CloseAsync();
    }

    /// <summary>The width and height a PNG's header (the IHDR chunk right after the signature) says it has.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    private async Task<string> RealArticleAsync(HttpClient client)
    {
        var image = MediaApiClient.PathOf(await MediaApiClient.UploadNewAsync(client, Vineyard(), "vignoble-riquewihr.jpg",
            new Dictionary<string, string> { ["alt"] = "Des rangs de vigne sur les coteaux de Riquewihr", ["caption"] = "Le vignoble de Riquewihr, fin août." }));
        var suffix = Guid.NewGuid().ToString("n")[..4];
        var tags = new JsonArray();
        foreach (var tag in new[] { $"Vendanges {suffix}", $"Alsace {suffix}", $"Climat {suffix}" })
        {
            var response = await client.PostAsJsonAsync("/api/tags", new { name = tag });
            tags.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["contentItemId"]!.GetValue<string>());
        }
        var article = Articles.New(
            "Sécheresse : en Alsace, les vendanges commencent avec trois semaines d’avance",
            await Articles.CategoryIdAsync(client, "economie"),
            body: """
                <p>À Riquewihr, les premiers sécateurs sont sortis dès le 18 août. « Du jamais-vu en quarante ans de métier », confie Marie Schlumberger, qui exploite douze hectares au pied du Schoenenbourg.</p>
                <p>La chaleur de juillet a concentré les sucres plus vite que prévu, au prix de rendements en baisse de 15 à 20 % selon l’interprofession.</p>
                <h2>Des raisins plus petits, mais très sains</h2>
                <p>L’absence de pluie a tenu les maladies à distance. Les crémants, vendangés les premiers, promettent une belle acidité ; les grands crus attendront la mi-septembre.</p>
                <p>Les coopératives ont avancé l’embauche des saisonniers, souvent venus des mêmes familles depuis vingt ans.</p>
                """,
            subtitle: "La chaleur de l’été a fait mûrir le raisin plus vite que jamais : les vignerons avancent la récolte, au prix de rendements en baisse.");
        article["Article"]!["Image"] = new JsonObject
        {
            ["Paths"] = new JsonArray(image), ["MediaTexts"] = new JsonArray("Des rangs de vigne sur les coteaux de Riquewihr"),
        };
        article["Article"]!["Tags"] = new JsonObject { ["TermContentItemIds"] = tags };
        article["Article"]!["Source"] = new JsonObject { ["Text"] = "Conseil interprofessionnel des vins d’Alsace" };
        return (await Articles.CreateAsync(client, article))["ContentItemId"]!.GetValue<string>();
    }

    /// <summary>A drawn landscape (sky, sun, rows of vines on a hill), so that the screenshot shows a photo-like lead image.</summary>
    private static byte[] Vineyard()
    {
        const int width = 1200, height = 800;
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, 420), [new SKColor(0x7F, 0xB3, 0xE8), new SKColor(0xF6, 0xD7, 0xA7)], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, width, height, sky);
            using var sun = new SKPaint { Color = new SKColor(0xFF, 0xE0, 0x8A), IsAntialias = true };
            canvas.DrawCircle(930, 170, 70, sun);
            using var hill = new SKPaint { Color = new SKColor(0x6B, 0x8E, 0x3A), IsAntialias = true };
            using var hillPath = new SKPath();
            hillPath.MoveTo(0, 430);
            hillPath.CubicTo(300, 330, 700, 360, width, 470);
            hillPath.LineTo(width, height);
            hillPath.LineTo(0, height);
            hillPath.Close();
            canvas.DrawPath(hillPath, hill);
            using var row = new SKPaint { Color = new SKColor(0x3E, 0x5C, 0x22), IsAntialias = true, StrokeWidth = 9, Style = SKPaintStyle.Stroke };
            for (var x = -600; x < width + 600; x += 55)
            {
                canvas.DrawLine(width / 2f, 380, x, height, row);
            }
            using var village = new SKPaint { Color = new SKColor(0xC8, 0x6B, 0x4A), IsAntialias = true };
            canvas.DrawRect(150, 345, 60, 45, village);
            canvas.DrawRect(225, 335, 40, 55, village);
        }
        using var encoded = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Jpeg, 85);
        return encoded.ToArray();
    }
}
