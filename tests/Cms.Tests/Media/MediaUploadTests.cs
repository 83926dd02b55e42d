using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using SkiaSharp;
using static Cms.Tests.Media.MediaApiClient;

namespace Cms.Tests.Media;

public sealed class MediaUploadTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    public static TheoryData<string, string, int, int> AcceptedFormats => new()
    {
        { "jpeg", "image/jpeg", 64, 48 },
        { "png", "image/png", 64, 48 },
        { "webp", "image/webp", 64, 48 },
        { "gif", "image/gif", 1, 1 },
    };

    [Theory]
    [MemberData(nameof(AcceptedFormats))]
    public async Task Each_accepted_format_is_stored_with_its_type_and_dimensions(string format, string contentType, int width, int height)
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var bytes = format switch
        {
            "jpeg" => TestImages.Jpeg(width, height),
            "png" => TestImages.Png(width, height),
            "webp" => TestImages.WebP(width, height),
            _ => TestImages.Gif(),
        };

        var media = await UploadNewAsync(editor.Client, bytes, "photo." + format);

        Assert.Equal(contentType, media["contentType"]!.GetValue<string>());
        Assert.Equal(width, media["width"]!.GetValue<int>());
        Assert.Equal(height, media["height"]!.GetValue<int>());
        Assert.Equal(bytes.Length, media["size"]!.GetValue<long>());
        var original = await Host.CreateClient().GetByteArrayAsync(media["url"]!.GetValue<string>());
        Assert.Equal(bytes, original);
    }

    [Fact]
    public async Task An_avif_the_engine_cannot_decode_is_415()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        byte[] fakeAvif = [0, 0, 0, 0x1C, .. "ftypavif"u8, 0, 0, 0, 0, .. "avifmif1miaf"u8, .. new byte[64]];

        var response = await UploadAsync(editor.Client, fakeAvif, "photo.avif", "tests/avif");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_png_named_jpg_is_stored_as_the_png_it_is()
    {
        using var editor = await Host.CreateUserAsync("Editor");

        var media = await UploadNewAsync(editor.Client, TestImages.Png(20, 10), "koursk.jpg");

        Assert.Equal("image/png", media["contentType"]!.GetValue<string>());
        Assert.EndsWith("/koursk.png", PathOf(media));
    }

    [Fact]
    public async Task A_text_file_named_png_is_415()
    {
        using var editor = await Host.CreateUserAsync("Editor");

        var response = await UploadAsync(editor.Client, Encoding.UTF8.GetBytes("Ceci n’est pas une image."), "pipe.png", "tests/text", "image/png");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(415, (await ProblemAsync(response))["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_413()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var bytes = new byte[20 * 1024 * 1024 + 1];
        TestImages.Jpeg(8, 8).CopyTo(bytes, 0);

        var response = await UploadAsync(editor.Client, bytes, "huge.jpg", "tests/huge");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_header_claiming_100000_by_100000_pixels_is_refused_before_decoding()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var bomb = TestImages.PngHeaderClaiming(100_000, 100_000);
        var before = GC.GetTotalMemory(forceFullCollection: false);

        var response = await UploadAsync(editor.Client, bomb, "bomb.png", "tests/bomb");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("100000 x 100000", (await ProblemAsync(response))["detail"]!.GetValue<string>());
        // Decoding would need 40 GB; the managed heap barely moves (the native side would have failed the test by crashing).
        Assert.True(GC.GetTotalMemory(forceFullCollection: false) - before < 200 * 1024 * 1024);
    }

    [Theory]
    [InlineData("../../etc/passwd.jpg", "../../secret", "secret/passwd.jpg")]
    [InlineData("..\\..\\boot.ini.jpg", "a/../../b", "a/b/boot-ini.jpg")]
    [InlineData("Soldats à Koursk, été 2024.JPG", "Défense/Ukraine", "defense/ukraine/soldats-a-koursk-ete-2024.jpg")]
    [InlineData("tab\tchar.jpg", "/x//y/", "x/y/tab-char.jpg")]
    [InlineData(".jpg", "z", "z/image.jpg")]
    public async Task Names_are_normalized_into_the_library(string fileName, string folder, string expectedSuffix)
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var root = "t" + Guid.NewGuid().ToString("n")[..10];

        var response = await UploadAsync(editor.Client, TestImages.Jpeg(8, 8), fileName, root + "/" + folder);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var media = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(root + "/" + expectedSuffix, PathOf(media!));
        Assert.Equal(HttpStatusCode.OK, (await Host.CreateClient().GetAsync(media!["url"]!.GetValue<string>())).StatusCode);
    }

    [Fact]
    public async Task A_file_name_with_nul_characters_is_a_400_problem()
    {
        using var editor = await Host.CreateUserAsync("Editor");

        var response = await UploadAsync(editor.Client, TestImages.Jpeg(8, 8), "nul\u0000\u0007char.jpg", "tests/nul");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("nul\u0000\u0007char.jpg", "nul-char.jpg")]
    [InlineData("C:\\Users\\x\\Été.jpeg", "ete.jpg")]
    [InlineData("../..", "image.jpg")]
    public void File_names_lose_control_characters_folders_and_accents(string fileName, string expected)
    {
        Assert.Equal(expected, Cms.Media.MediaPaths.NormalizeFileName(fileName, Cms.Media.MediaType.Jpeg));
    }

    [Fact]
    public async Task Without_a_folder_the_file_goes_under_year_and_month()
    {
        using var editor = await Host.CreateUserAsync("Editor");

        var response = await UploadAsync(editor.Client, TestImages.Jpeg(8, 8), $"{Guid.NewGuid():n}.jpg");

        var media = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.StartsWith(DateTime.UtcNow.ToString("yyyy/MM/"), PathOf(media!));
    }

    [Fact]
    public async Task A_duplicate_name_gets_a_numbered_suffix()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var folder = "tests/" + Guid.NewGuid().ToString("n")[..12];

        var first = await (await UploadAsync(editor.Client, TestImages.Jpeg(8, 8), "koursk.jpg", folder)).Content.ReadFromJsonAsync<JsonObject>();
        var second = await (await UploadAsync(editor.Client, TestImages.Jpeg(8, 8), "Koursk.jpg", folder)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(folder + "/koursk.jpg", PathOf(first!));
        Assert.Equal(folder + "/koursk-2.jpg", PathOf(second!));
    }

    [Fact]
    public async Task Readers_cannot_upload()
    {
        var response = await UploadAsync(Host.CreateClient(), TestImages.Jpeg(8, 8), "anonymous.jpg", "tests/anonymous");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_listing_shows_size_dimensions_type_uploader_date_and_texts()
    {
        using var author = await Host.CreateUserAsync("Author");
        var folder = "tests/" + Guid.NewGuid().ToString("n")[..12];
        var fields = new Dictionary<string, string> { ["alt"] = "Des soldats", ["caption"] = "Près de Koursk.", ["credit"] = "AFP" };
        var bytes = TestImages.Jpeg(40, 30);
        await UploadAsync(author.Client, bytes, "koursk.jpg", folder, fields: fields);
        await UploadAsync(author.Client, TestImages.Png(8, 8), "carte.png", folder + "/cartes");

        var listing = await author.Client.GetFromJsonAsync<JsonObject>($"/api/media?folder={folder}");

        var item = Assert.Single(listing!["items"]!.AsArray())!;
        Assert.Equal(folder + "/koursk.jpg", item["path"]!.GetValue<string>());
        Assert.Equal(bytes.Length, item["size"]!.GetValue<long>());
        Assert.Equal(40, item["width"]!.GetValue<int>());
        Assert.Equal(30, item["height"]!.GetValue<int>());
        Assert.Equal("image/jpeg", item["contentType"]!.GetValue<string>());
        Assert.Equal(author.UserName, item["uploadedBy"]!.GetValue<string>());
        Assert.True(item["uploadedUtc"]!.GetValue<DateTime>() > DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal("Des soldats", item["alt"]!.GetValue<string>());
        Assert.Equal("Près de Koursk.", item["caption"]!.GetValue<string>());
        Assert.Equal("AFP", item["credit"]!.GetValue<string>());
        Assert.Equal(folder + "/cartes", Assert.Single(listing["folders"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task Info_gives_url_dimensions_and_srcset_to_anyone()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var media = await UploadNewAsync(editor.Client, TestImages.Jpeg(500, 250), "une.jpg", new Dictionary<string, string> { ["alt"] = "La une" });

        var info = await Host.CreateClient().GetFromJsonAsync<JsonObject>($"/api/media/info?path={Uri.EscapeDataString(PathOf(media))}");

        Assert.Equal("/media/" + PathOf(media), info!["url"]!.GetValue<string>());
        Assert.Equal(500, info["width"]!.GetValue<int>());
        Assert.Equal(250, info["height"]!.GetValue<int>());
        Assert.Equal("La une", info["alt"]!.GetValue<string>());
        Assert.Equal($"/media/{PathOf(media)}?width=160&format=webp 160w, /media/{PathOf(media)}?width=320&format=webp 320w, /media/{PathOf(media)}?width=480&format=webp 480w",
            info["srcset"]!.GetValue<string>());
    }

    [Fact]
    public void SkiaSharp_native_library_loads_and_encodes_webp()
    {
        var webp = TestImages.WebP(4, 4);

        Assert.Equal("RIFF", Encoding.ASCII.GetString(webp, 0, 4));
        Assert.Equal("WEBP", Encoding.ASCII.GetString(webp, 8, 4));
        Assert.NotNull(SKCodec.Create(new MemoryStream(webp)));
    }
}
