using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Media;
using Cms.Tests.Support;

namespace Cms.Tests.Admin;

public sealed partial class AdminMediaTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private const string Password = "Str0ng-Password!";

    private CmsHost Host => fixture.Host;

    private static MultipartFormDataContent UploadForm(byte[] bytes, string fileName, string folder, string alt)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new MultipartFormDataContent
        {
            { file, "file", fileName },
            { new StringContent(folder), "folder" },
            { new StringContent(alt), "alt" },
            { new StringContent("Une légende"), "caption" },
        };
    }

    [Fact]
    public async Task An_author_uploads_a_photo_from_the_media_page_and_finds_it_in_the_folder()
    {
        var author = await Host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        var folder = "tests/" + Guid.NewGuid().ToString("n")[..10];

        var response = await session.PostMultipartAsync("/admin/media?handler=Upload",
            UploadForm(TestImages.Jpeg(800, 600), "Soldats à Koursk.jpg", folder, "Des soldats dans la neige"), "/admin/media");
        var page = await session.Client.GetStringAsync($"/admin/media?folder={Uri.EscapeDataString(folder)}");
        using var api = author.Client;
        var listing = (await api.GetFromJsonAsync<JsonObject>($"/api/media?folder={Uri.EscapeDataString(folder)}"))!;

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("soldats-a-koursk.jpg", page);
        Assert.Contains("800 × 600 px", page);
        var item = Assert.Single(listing["items"]!.AsArray())!;
        Assert.Equal("Des soldats dans la neige", item["alt"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_text_file_uploaded_as_a_photo_is_refused_next_to_the_file_field()
    {
        var author = await Host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var response = await session.PostMultipartAsync("/admin/media?handler=Upload",
            UploadForm("ceci n’est pas une image"u8.ToArray(), "faux.jpg", "tests/faux", ""), "/admin/media");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<span class=\"field-error\">Ce fichier n’est pas une image JPEG, PNG, WebP ou GIF.</span>", html);
    }

    [Fact]
    public async Task The_picker_lists_a_folder_with_choosable_images()
    {
        var author = await Host.CreateUserAsync("Author");
        var uploaded = await MediaApiClient.UploadNewAsync(author.Client, TestImages.Jpeg(640, 480), "front.jpg", new Dictionary<string, string> { ["alt"] = "Le front" });
        var path = MediaApiClient.PathOf(uploaded);
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var fragment = await session.Client.GetStringAsync($"/admin/media/picker?folder={Uri.EscapeDataString(path[..path.LastIndexOf('/')])}");

        Assert.DoesNotContain("<html", fragment);
        Assert.Contains($"data-path=\"{path}\"", fragment);
        Assert.Contains("data-alt=\"Le front\"", fragment);
        Assert.Contains("aria-label=\"Choisir front.jpg\"", fragment);
    }

    [Fact]
    public async Task The_picker_opens_on_the_latest_uploads_across_folders_newest_first()
    {
        var author = await Host.CreateUserAsync("Author");
        var paths = new List<string>();
        foreach (var name in new[] { "premiere.jpg", "deuxieme.jpg", "troisieme.jpg" })
        {
            // UploadNewAsync puts each file in a folder of its own.
            paths.Add(MediaApiClient.PathOf(await MediaApiClient.UploadNewAsync(author.Client, TestImages.Jpeg(320, 240), name)));
        }
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var fragment = await session.Client.GetStringAsync("/admin/media/picker");

        Assert.Contains("Dernières images téléversées", fragment);
        Assert.Equal(3, paths.Select(p => p[..p.LastIndexOf('/')]).Distinct().Count());
        var positions = paths.Select(p => fragment.IndexOf($"data-path=\"{p}\"", StringComparison.Ordinal)).ToList();
        Assert.All(positions, position => Assert.True(position >= 0));
        Assert.True(positions[2] < positions[1] && positions[1] < positions[0], "newest first");
    }

    [Theory]
    [InlineData("name")]
    [InlineData("alt")]
    [InlineData("caption")]
    public async Task The_picker_search_finds_an_image_by_its_file_name_alt_text_or_caption_with_a_resized_thumbnail(string by)
    {
        var author = await Host.CreateUserAsync("Author");
        var word = "mot" + Guid.NewGuid().ToString("n")[..8];
        var texts = new Dictionary<string, string> { ["alt"] = "Un phare sous la tempête", ["caption"] = "Le phare de la Jument." };
        var fileName = "phare.jpg";
        switch (by)
        {
            case "name": fileName = $"phare-{word}.jpg"; break;
            case "alt": texts["alt"] = $"Un phare sous la tempête {word}"; break;
            default: texts["caption"] = $"Le phare de la Jument {word}."; break;
        }
        var found = MediaApiClient.PathOf(await MediaApiClient.UploadNewAsync(author.Client, TestImages.Jpeg(640, 480), fileName, texts));
        var other = MediaApiClient.PathOf(await MediaApiClient.UploadNewAsync(author.Client, TestImages.Jpeg(640, 480), "phare.jpg",
            new Dictionary<string, string> { ["alt"] = "Un autre phare", ["caption"] = "Un autre phare." }));
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var fragment = await session.Client.GetStringAsync($"/admin/media/picker?q={word.ToUpperInvariant()}");

        Assert.Contains($"Images trouvées pour « {word.ToUpperInvariant()} »", fragment);
        var choice = Assert.Single(PickButton().Matches(fragment));
        Assert.Equal(found, choice.Groups["path"].Value);
        Assert.DoesNotContain(other, fragment);
        var thumb = WebUtility.HtmlDecode(choice.Groups["thumb"].Value);
        Assert.Equal($"/media/{found}?width=320&format=webp", thumb);
        using var reader = Host.CreateClient();
        using var image = await reader.GetAsync(thumb);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/webp", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(320, TestImages.Decode(await image.Content.ReadAsByteArrayAsync()).Width);
    }

    [GeneratedRegex("<button type=\"button\" class=\"pick\" data-path=\"(?<path>[^\"]+)\"[^>]*data-thumb=\"(?<thumb>[^\"]+)\"")]
    private static partial Regex PickButton();

    [Fact]
    public async Task A_photo_a_published_article_shows_is_kept_until_an_editor_forces_its_deletion()
    {
        var editor = await Host.CreateUserAsync("Editor");
        var uploaded = await MediaApiClient.UploadNewAsync(editor.Client, TestImages.Jpeg(640, 480), "une.jpg");
        var path = MediaApiClient.PathOf(uploaded);
        var article = Articles.New("Article illustré", await Articles.CategoryIdAsync(editor.Client, "culture"));
        article["Article"]!["Image"] = new JsonObject { ["Paths"] = new JsonArray(path), ["MediaTexts"] = new JsonArray("Une image") };
        var id = (await Articles.CreateAsync(editor.Client, article))["ContentItemId"]!.GetValue<string>();
        await Articles.TransitionAsync(editor.Client, id, "publish");
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        var refused = await session.PostFormAsync("/admin/media?handler=Delete", new() { ["path"] = path }, formPage: "/admin/media");
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        var forced = await session.PostFormAsync("/admin/media?handler=Delete", new() { ["path"] = path, ["force"] = "true" }, formPage: "/admin/media");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Supprimer quand même", refusedHtml);
        Assert.Equal(HttpStatusCode.Redirect, forced.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.Client.GetAsync($"/api/media/info?path={Uri.EscapeDataString(path)}")).StatusCode);
    }

    [Fact]
    public async Task Saving_from_the_editor_keeps_the_image_and_its_alternative_text()
    {
        var author = await Host.CreateUserAsync("Author");
        var uploaded = await MediaApiClient.UploadNewAsync(author.Client, TestImages.Jpeg(640, 480), "carte.jpg");
        var path = MediaApiClient.PathOf(uploaded);
        var category = await Articles.CategoryIdAsync(author.Client, "international");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Avec une carte", category));
        var id = created["ContentItemId"]!.GetValue<string>();
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        await session.PostFormAsync($"/admin/articles/{id}", new()
        {
            ["act"] = "save", ["basedOn"] = created["ContentItemVersionId"]!.GetValue<string>(), ["TitlePart.Title"] = "Avec une carte",
            ["Article.Category"] = category, ["Article.Image"] = path, ["Article.Image.Alt"] = "Carte de la région de Koursk",
            ["HtmlBodyPart.Html"] = $"<p>Texte.</p><figure><img src=\"/media/{path}?width=1024\" alt=\"Carte\" onerror=\"alert(1)\"><figcaption>Carte</figcaption></figure>",
        });
        var latest = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;
        var editorPage = await session.Client.GetStringAsync($"/admin/articles/{id}");

        Assert.Equal(path, latest["Article"]!["Image"]!["Paths"]![0]!.GetValue<string>());
        Assert.Equal("Carte de la région de Koursk", latest["Article"]!["Image"]!["MediaTexts"]![0]!.GetValue<string>());
        var body = latest["HtmlBodyPart"]!["Html"]!.GetValue<string>();
        Assert.Contains($"<img src=\"/media/{path}?width=1024\" alt=\"Carte\">", body);
        Assert.DoesNotContain("onerror", body);
        Assert.Contains("class=\"media-preview\"", editorPage);
        Assert.Contains("value=\"Carte de la région de Koursk\"", editorPage);
    }
}
