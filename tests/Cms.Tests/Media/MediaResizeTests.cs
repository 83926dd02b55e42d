using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cms.Media;
using Cms.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using static Cms.Tests.Media.MediaApiClient;

namespace Cms.Tests.Media;

public sealed class MediaResizeTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    private async Task<string> UploadAsync(byte[] bytes, string fileName, IDictionary<string, string>? fields = null)
    {
        using var editor = await Host.CreateUserAsync("Editor");
        return PathOf(await UploadNewAsync(editor.Client, bytes, fileName, fields));
    }

    private async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        var response = await Host.CreateClient().SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("crop", 320, 320, 320, 320)]
    [InlineData("pad", 320, 160, 320, 160)]
    [InlineData("boxpad", 480, 480, 480, 480)]
    [InlineData("max", 320, 320, 320, 240)]
    [InlineData("min", 320, 160, 320, 240)]
    [InlineData("min", 480, 480, 400, 300)]
    [InlineData("stretch", 160, 320, 160, 320)]
    [InlineData("crop", 160, null, 160, 120)]
    [InlineData("max", null, 160, 213, 160)]
    public async Task Each_rmode_gives_imagesharp_dimensions(string rmode, int? width, int? height, int expectedWidth, int expectedHeight)
    {
        var path = await UploadAsync(TestImages.Png(400, 300), "source.png");
        var query = $"rmode={rmode}" + (width is null ? "" : $"&width={width}") + (height is null ? "" : $"&height={height}");

        var (response, body) = await GetAsync($"/media/{path}?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var image = TestImages.Decode(body);
        Assert.Equal((expectedWidth, expectedHeight), (image.Width, image.Height));
    }

    [Fact]
    public async Task Boxpad_does_not_upscale_a_small_image_but_centers_it()
    {
        var path = await UploadAsync(TestImages.Png(100, 100), "petit.png");

        var (_, body) = await GetAsync($"/media/{path}?width=320&height=320&rmode=boxpad");

        using var image = TestImages.Decode(body);
        Assert.Equal(SKColors.Transparent.Alpha, image.GetPixel(5, 160).Alpha);
        Assert.Equal(SKColors.Red, image.GetPixel(120, 160));
        Assert.Equal(SKColors.Blue, image.GetPixel(200, 160));
        Assert.Equal(SKColors.Transparent.Alpha, image.GetPixel(230, 160).Alpha);
    }

    [Theory]
    [InlineData("source.jpg", "webp", "image/webp", "RIFF")]
    [InlineData("source.png", "jpeg", "image/jpeg", "\u00FF\u00D8\u00FF")]
    [InlineData("source.jpg", "png", "image/png", "\u0089PNG")]
    public async Task The_format_parameter_converts(string fileName, string format, string contentType, string magic)
    {
        var source = fileName.EndsWith(".png") ? TestImages.Png(400, 300) : TestImages.Jpeg(400, 300);
        var path = await UploadAsync(source, fileName);

        var (response, body) = await GetAsync($"/media/{path}?width=320&format={format}");

        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(magic, Encoding.Latin1.GetString(body, 0, magic.Length));
    }

    [Fact]
    public async Task A_lower_quality_gives_a_smaller_file()
    {
        var path = await UploadAsync(TestImages.Draw(800, 600, SKEncodedImageFormat.Png, noise: true), "bruit.png");

        var (_, low) = await GetAsync($"/media/{path}?width=640&format=jpeg&quality=20");
        var (_, high) = await GetAsync($"/media/{path}?width=640&format=jpeg&quality=95");

        Assert.True(low.Length * 2 < high.Length, $"quality 20: {low.Length} bytes, quality 95: {high.Length} bytes");
    }

    [Fact]
    public async Task The_exif_orientation_is_applied_and_the_metadata_dropped()
    {
        // Orientation 6: the camera was turned; shown rotated 90° clockwise, the left (red) half of the stored pixels is on top.
        var path = await UploadAsync(TestImages.JpegWithOrientation(640, 320, 6), "portrait.jpg");

        var (_, body) = await GetAsync($"/media/{path}?width=160");

        using var image = TestImages.Decode(body);
        Assert.Equal((160, 320), (image.Width, image.Height));
        Assert.True(image.GetPixel(80, 40).Red > 200 && image.GetPixel(80, 40).Blue < 60);
        Assert.True(image.GetPixel(80, 280).Blue > 200 && image.GetPixel(80, 280).Red < 60);
        Assert.DoesNotContain("Exif", Encoding.Latin1.GetString(body));
    }

    [Fact]
    public async Task The_upload_reports_dimensions_after_orientation()
    {
        using var editor = await Host.CreateUserAsync("Editor");

        var media = await UploadNewAsync(editor.Client, TestImages.JpegWithOrientation(64, 32, 8), "tourne.jpg");

        Assert.Equal((32, 64), (media["width"]!.GetValue<int>(), media["height"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_size_not_in_the_list_is_refused_without_a_token()
    {
        var path = await UploadAsync(TestImages.Jpeg(400, 300), "liste.jpg");

        var (response, _) = await GetAsync($"/media/{path}?width=333");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_size_not_in_the_list_is_served_with_a_token_the_server_issued()
    {
        var path = await UploadAsync(TestImages.Jpeg(400, 300), "jeton.jpg");
        var url = Host.Services.GetRequiredService<MediaUrls>().Url(path, 333, "webp");

        var (response, body) = await GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("token=", url);
        using var image = TestImages.Decode(body);
        Assert.Equal(333, image.Width);
    }

    [Theory]
    [InlineData("width=334")]
    [InlineData("format=png")]
    [InlineData("quality=50")]
    public async Task A_token_moved_to_other_parameters_is_refused(string change)
    {
        var path = await UploadAsync(TestImages.Jpeg(400, 300), "falsifie.jpg");
        var url = Host.Services.GetRequiredService<MediaUrls>().Url(path, 333, "webp");
        var key = change.Split('=')[0];
        var tampered = url.Contains(key + "=") ? System.Text.RegularExpressions.Regex.Replace(url, key + "=[^&]+", change) : url + "&" + change;

        var (response, _) = await GetAsync(tampered);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var path = await UploadAsync(TestImages.Jpeg(400, 300), "altere.jpg");
        var url = Host.Services.GetRequiredService<MediaUrls>().Url(path, 333, "webp");
        var token = url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        var flipped = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        var (response, _) = await GetAsync(url.Replace(token, flipped));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_second_request_is_served_from_the_cache_with_an_immutable_etag()
    {
        var path = await UploadAsync(TestImages.Jpeg(400, 300), "cache.jpg");
        var url = $"/media/{path}?width=320&format=webp";

        var (first, firstBody) = await GetAsync(url);
        var (second, secondBody) = await GetAsync(url);

        Assert.Equal("miss", first.Headers.GetValues("X-Media-Cache").Single());
        Assert.Equal("hit", second.Headers.GetValues("X-Media-Cache").Single());
        Assert.Equal(firstBody, secondBody);
        Assert.Equal("public, max-age=31536000, immutable", second.Headers.CacheControl?.ToString());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task A_matching_if_none_match_gets_304()
    {
        var path = await UploadAsync(TestImages.Jpeg(400, 300), "etag.jpg");
        var url = $"/media/{path}?width=160";
        var (first, _) = await GetAsync(url);

        var (second, body) = await GetAsync(url, first.Headers.ETag!.ToString());

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(body);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_new_variant_render_it_once()
    {
        var path = await UploadAsync(TestImages.Jpeg(1600, 1200), "concurrent.jpg");
        var url = $"/media/{path}?width=640&format=webp";
        var cache = Host.Services.GetRequiredService<MediaVariantCache>();
        var before = cache.RenderCount;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => GetAsync(url)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Response.StatusCode));
        Assert.Equal(1, cache.RenderCount - before);
        Assert.Single(responses.Select(r => r.Body).Distinct(new BytesComparer()));
    }

    [Fact]
    public async Task The_original_is_served_as_it_is_with_a_long_cache()
    {
        var bytes = TestImages.Jpeg(40, 30);
        var path = await UploadAsync(bytes, "original.jpg");

        var (response, body) = await GetAsync($"/media/{path}");

        Assert.Equal(bytes, body);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task A_crop_centers_on_the_rxy_focal_point()
    {
        var path = await UploadAsync(TestImages.Png(640, 160), "focal.png");

        var (_, left) = await GetAsync($"/media/{path}?width=160&height=160&rxy=0,0.5");
        var (_, right) = await GetAsync($"/media/{path}?width=160&height=160&rxy=1,0.5");

        using var leftImage = TestImages.Decode(left);
        using var rightImage = TestImages.Decode(right);
        Assert.Equal(SKColors.Red, leftImage.GetPixel(80, 80));
        Assert.Equal(SKColors.Blue, rightImage.GetPixel(80, 80));
    }

    [Fact]
    public async Task A_crop_uses_the_focal_point_stored_with_the_image()
    {
        var path = await UploadAsync(TestImages.Png(640, 160), "focal-stocke.png", new Dictionary<string, string> { ["rxy"] = "0.9,0.5" });

        var (_, body) = await GetAsync($"/media/{path}?width=160&height=160");

        using var image = TestImages.Decode(body);
        Assert.Equal(SKColors.Blue, image.GetPixel(80, 80));
    }

    [Theory]
    [InlineData("width=abc")]
    [InlineData("width=-5")]
    [InlineData("quality=0")]
    [InlineData("rmode=zoom")]
    [InlineData("format=bmp")]
    [InlineData("rxy=2,0")]
    public async Task Bad_parameters_are_400_problems(string query)
    {
        var path = await UploadAsync(TestImages.Jpeg(40, 30), "params.jpg");

        var (response, _) = await GetAsync($"/media/{path}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/media/../cms.db")]
    [InlineData("/media/%2e%2e/cms.db")]
    [InlineData("/media/..%2fcms.db")]
    [InlineData("/media/media-token.key")]
    public async Task Paths_outside_the_library_are_404(string url)
    {
        var (response, _) = await GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}

public sealed class ResizeGeometryTests
{
    [Theory]
    [InlineData(ResizeMode.Crop, 4000, 3000, 800, 800, 800, 800)]
    [InlineData(ResizeMode.Pad, 4000, 3000, 800, 800, 800, 800)]
    [InlineData(ResizeMode.BoxPad, 100, 50, 800, 800, 800, 800)]
    [InlineData(ResizeMode.Max, 4000, 3000, 800, 800, 800, 600)]
    [InlineData(ResizeMode.Max, 100, 50, 800, 800, 800, 400)]
    [InlineData(ResizeMode.Min, 4000, 3000, 800, 800, 1067, 800)]
    [InlineData(ResizeMode.Min, 100, 50, 800, 800, 100, 50)]
    [InlineData(ResizeMode.Stretch, 4000, 3000, 800, 100, 800, 100)]
    public void Canvas_sizes_follow_imagesharp(ResizeMode mode, int sourceWidth, int sourceHeight, int width, int height, int canvasWidth, int canvasHeight)
    {
        var geometry = ResizeGeometry.Compute(sourceWidth, sourceHeight, new ImageCommand(width, height, mode, MediaType.WebP, 80, null));

        Assert.Equal((canvasWidth, canvasHeight), (geometry.CanvasWidth, geometry.CanvasHeight));
    }

    [Fact]
    public void Pad_fits_the_image_and_centers_it()
    {
        var geometry = ResizeGeometry.Compute(4000, 2000, new ImageCommand(800, 800, ResizeMode.Pad, MediaType.WebP, 80, null));

        Assert.Equal(new RectF(0, 200, 800, 400), geometry.Destination);
    }

    [Fact]
    public void Crop_keeps_the_focal_point_inside_the_source()
    {
        var geometry = ResizeGeometry.Compute(4000, 2000, new ImageCommand(800, 800, ResizeMode.Crop, MediaType.WebP, 80, new FocalPoint(1, 0.5f)));

        Assert.Equal(new RectF(2000, 0, 2000, 2000), geometry.Source);
    }
}
