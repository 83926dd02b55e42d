using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using static Cms.Tests.Media.MediaApiClient;

namespace Cms.Tests.Media;

public sealed class MediaDeleteTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    private async Task<string> PublishArticleShowingAsync(HttpClient editor, string path)
    {
        var article = Articles.New("Des soldats nord-coréens à Koursk " + Guid.NewGuid().ToString("n")[..6], await Articles.CategoryIdAsync(editor, "defense"));
        article["Article"]!["Image"] = new JsonObject { ["Paths"] = new JsonArray(path), ["MediaTexts"] = new JsonArray("Des soldats") };
        var id = (await Articles.CreateAsync(editor, article))["ContentItemId"]!.GetValue<string>();
        var published = await Articles.TransitionAsync(editor, id, "publish");
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        return id;
    }

    [Fact]
    public async Task An_unused_file_is_deleted_with_its_entry()
    {
        using var author = await Host.CreateUserAsync("Author");
        var path = PathOf(await UploadNewAsync(author.Client, TestImages.Jpeg(16, 16), "inutile.jpg"));

        var response = await author.Client.DeleteAsync($"/api/media/{path}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.CreateClient().GetAsync($"/media/{path}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.CreateClient().GetAsync($"/api/media/info?path={path}")).StatusCode);
    }

    [Fact]
    public async Task A_file_a_published_article_shows_is_409()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var path = PathOf(await UploadNewAsync(editor.Client, TestImages.Jpeg(16, 16), "publiee.jpg"));
        var id = await PublishArticleShowingAsync(editor.Client, path);

        var response = await editor.Client.DeleteAsync($"/api/media/{path}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(id, Assert.Single(problem["contentItemIds"]!.AsArray())!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Host.CreateClient().GetAsync($"/media/{path}")).StatusCode);
    }

    [Fact]
    public async Task An_author_cannot_force_the_deletion_of_a_published_file()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        using var author = await Host.CreateUserAsync("Author");
        var path = PathOf(await UploadNewAsync(author.Client, TestImages.Jpeg(16, 16), "auteur.jpg"));
        await PublishArticleShowingAsync(editor.Client, path);

        var response = await author.Client.DeleteAsync($"/api/media/{path}?force=true");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task An_editor_can_force_the_deletion_of_a_published_file()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var path = PathOf(await UploadNewAsync(editor.Client, TestImages.Jpeg(16, 16), "force.jpg"));
        await PublishArticleShowingAsync(editor.Client, path);

        var response = await editor.Client.DeleteAsync($"/api/media/{path}?force=true");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.CreateClient().GetAsync($"/media/{path}")).StatusCode);
    }

    [Fact]
    public async Task A_draft_using_the_file_does_not_protect_it()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var path = PathOf(await UploadNewAsync(editor.Client, TestImages.Jpeg(16, 16), "brouillon.jpg"));
        var article = Articles.New("Brouillon " + Guid.NewGuid().ToString("n")[..6], await Articles.CategoryIdAsync(editor.Client, "defense"));
        article["Article"]!["Image"] = new JsonObject { ["Paths"] = new JsonArray(path), ["MediaTexts"] = new JsonArray("") };
        await Articles.CreateAsync(editor.Client, article);

        var response = await editor.Client.DeleteAsync($"/api/media/{path}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task An_author_cannot_delete_someone_elses_file()
    {
        using var first = await Host.CreateUserAsync("Author");
        using var second = await Host.CreateUserAsync("Author");
        var path = PathOf(await UploadNewAsync(first.Client, TestImages.Jpeg(16, 16), "autre.jpg"));

        var response = await second.Client.DeleteAsync($"/api/media/{path}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_photo_uploaded_attached_and_published_is_served_at_320_px_in_webp()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var media = await UploadNewAsync(editor.Client, TestImages.Jpeg(2000, 1500), "koursk.jpg",
            new Dictionary<string, string> { ["alt"] = "Des soldats", ["credit"] = "AFP" });
        var id = await PublishArticleShowingAsync(editor.Client, PathOf(media));

        var published = await Host.CreateClient().GetFromJsonAsync<JsonObject>($"/api/content/{id}");
        var imagePath = published!["Article"]!["Image"]!["Paths"]![0]!.GetValue<string>();
        var info = await Host.CreateClient().GetFromJsonAsync<JsonObject>($"/api/media/info?path={imagePath}");
        var response = await Host.CreateClient().GetAsync($"/media/{imagePath}?width=320&format=webp");

        Assert.Equal("Des soldats", info!["alt"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
        using var image = TestImages.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((320, 240), (image.Width, image.Height));
    }
}

public sealed class MediaTextsTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task The_uploader_changes_alt_caption_credit_and_focal_point()
    {
        using var author = await Host.CreateUserAsync("Author");
        var path = PathOf(await UploadNewAsync(author.Client, TestImages.Png(640, 160), "textes.png", new Dictionary<string, string> { ["alt"] = "Ancien", ["credit"] = "AFP" }));

        var response = await author.Client.PutAsJsonAsync($"/api/media/{path}", new { alt = "Des soldats à Koursk", caption = "Légende", focus = "0.9,0.5" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var info = await Host.CreateClient().GetFromJsonAsync<JsonObject>($"/api/media/info?path={path}");
        Assert.Equal("Des soldats à Koursk", info!["alt"]!.GetValue<string>());
        Assert.Equal("Légende", info["caption"]!.GetValue<string>());
        Assert.Equal("AFP", info["credit"]!.GetValue<string>());
        Assert.Equal("0.9,0.5", info["focus"]!.GetValue<string>());
        using var cropped = TestImages.Decode(await Host.CreateClient().GetByteArrayAsync($"/media/{path}?width=160&height=160"));
        Assert.Equal(SkiaSharp.SKColors.Blue, cropped.GetPixel(80, 80));
    }

    [Fact]
    public async Task Another_author_cannot_change_the_texts()
    {
        using var first = await Host.CreateUserAsync("Author");
        using var second = await Host.CreateUserAsync("Author");
        var path = PathOf(await UploadNewAsync(first.Client, TestImages.Jpeg(16, 16), "pas-a-moi.jpg"));

        var response = await second.Client.PutAsJsonAsync($"/api/media/{path}", new { alt = "Vandalisme" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"alt\": 5}")]
    [InlineData("{\"focus\": \"1.5,0\"}")]
    [InlineData("[1]")]
    public async Task A_bad_texts_body_is_400(string body)
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var path = PathOf(await UploadNewAsync(editor.Client, TestImages.Jpeg(16, 16), "mauvais.jpg"));

        var response = await editor.Client.PutAsync($"/api/media/{path}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
