using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amazon.S3;
using Cms.Data;
using Cms.Tests.Support;
using SkiaSharp;
using static Cms.Tests.Media.MediaApiClient;

namespace Cms.Tests.Media;

/// <summary>A host whose media are in a bucket of its own on the run's s3rver, under a key prefix.</summary>
public sealed class S3HostFixture : IAsyncLifetime
{
    public const string Prefix = "site-a";

    public CmsHost Host { get; private set; } = null!;
    public S3Server S3 { get; private set; } = null!;
    public string Bucket { get; private set; } = "";

    public async Task InitializeAsync()
    {
        S3 = await S3Server.GetAsync();
        Bucket = await S3.CreateBucketAsync();
        Host = await CmsHost.StartAsync(settings: S3.Settings(Bucket, Prefix));
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class S3MediaStoreTests(S3HostFixture fixture) : IClassFixture<S3HostFixture>
{
    private CmsHost Host => fixture.Host;
    private S3Server S3 => fixture.S3;

    private static string Folder() => "s3/" + Guid.NewGuid().ToString("n")[..12];

    private async Task<byte[]?> ObjectAsync(string bucket, string key)
    {
        using var client = S3.CreateClient();
        try
        {
            using var response = await client.GetObjectAsync(bucket, key);
            using var bytes = new MemoryStream();
            await response.ResponseStream.CopyToAsync(bytes);
            return bytes.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task<JsonObject> UploadToAsync(HttpClient client, byte[] bytes, string fileName, string folder)
    {
        var response = await UploadAsync(client, bytes, fileName, folder);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Upload failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Small enough to be buffered in memory when read back, and large enough (over 1 MiB) to go through a temporary file.</summary>
    public static TheoryData<int, int> Sizes => new() { { 64, 48 }, { 1400, 1000 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task An_upload_is_kept_in_the_bucket_listed_and_served_byte_identical(int width, int height)
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var bytes = TestImages.Draw(width, height, SKEncodedImageFormat.Jpeg, quality: 100, noise: true);
        Assert.Equal(width > 1000, bytes.Length > Cms.Media.S3MediaFileStore.MemoryBufferLimit);
        var folder = Folder();

        var path = PathOf(await UploadToAsync(editor.Client, bytes, "koursk.jpg", folder));

        Assert.Equal(bytes, await ObjectAsync(fixture.Bucket, $"{S3HostFixture.Prefix}/{path}"));
        Assert.False(File.Exists(Path.Combine(Host.DataPath, "media", path)), "the original must not be on the node's disk");
        var listing = await editor.Client.GetFromJsonAsync<JsonObject>($"/api/media?folder={folder}");
        Assert.Equal(new[] { path }, listing!["items"]!.AsArray().Select(i => i!["path"]!.GetValue<string>()));
        var served = await Host.CreateClient().GetAsync($"/media/{path}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_original_the_client_has_is_304_with_its_etag()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var path = PathOf(await UploadToAsync(editor.Client, TestImages.Jpeg(32, 32), "etag.jpg", Folder()));
        using var reader = Host.CreateClient();
        var first = await reader.GetAsync($"/media/{path}");

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/media/{path}");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await reader.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task A_variant_renders_from_the_bucket_and_is_then_served_from_the_node_disk()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var path = PathOf(await UploadToAsync(editor.Client, TestImages.Jpeg(800, 600), "variante.jpg", Folder()));
        using var reader = Host.CreateClient();

        var first = await reader.GetAsync($"/media/{path}?width=320&format=webp");
        var second = await reader.GetAsync($"/media/{path}?width=320&format=webp");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("miss", first.Headers.GetValues("X-Media-Cache").Single());
        Assert.Equal("hit", second.Headers.GetValues("X-Media-Cache").Single());
        using var variant = TestImages.Decode(await first.Content.ReadAsByteArrayAsync());
        Assert.Equal((320, 240), (variant.Width, variant.Height));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(Host.DataPath, "media-cache"), "*.webp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Deleting_a_file_removes_its_object()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var path = PathOf(await UploadToAsync(editor.Client, TestImages.Jpeg(16, 16), "supprimee.jpg", Folder()));
        Assert.NotNull(await ObjectAsync(fixture.Bucket, $"{S3HostFixture.Prefix}/{path}"));

        var response = await editor.Client.DeleteAsync($"/api/media/{path}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await ObjectAsync(fixture.Bucket, $"{S3HostFixture.Prefix}/{path}"));
        Assert.Equal(HttpStatusCode.NotFound, (await Host.CreateClient().GetAsync($"/media/{path}")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_uploads_of_one_name_get_different_paths_and_intact_files()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var folder = Folder();
        // Different pictures under one name: a file overwritten by another upload would show.
        var images = Enumerable.Range(0, 4).Select(i => TestImages.Jpeg(40 + i, 30)).ToArray();

        var uploaded = await Task.WhenAll(images.Select(bytes => UploadToAsync(editor.Client, bytes, "meme-nom.jpg", folder)));

        var paths = uploaded.Select(PathOf).ToArray();
        Assert.Equal(images.Length, paths.Distinct().Count());
        using var reader = Host.CreateClient();
        for (var i = 0; i < images.Length; i++)
        {
            Assert.Equal(images[i], await reader.GetByteArrayAsync($"/media/{paths[i]}"));
            Assert.Equal(images[i], await ObjectAsync(fixture.Bucket, $"{S3HostFixture.Prefix}/{paths[i]}"));
        }
        using var client = S3.CreateClient();
        var objects = await client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = fixture.Bucket, Prefix = $"{S3HostFixture.Prefix}/{folder}/" });
        Assert.Equal(paths.Select(p => $"{S3HostFixture.Prefix}/{p}").Order(), objects.S3Objects.Select(o => o.Key).Order());
    }

    [Fact]
    public async Task Two_nodes_on_one_bucket_serve_a_file_uploaded_through_the_first()
    {
        var bucket = await S3.CreateBucketAsync();
        await using var first = await CmsHost.StartAsync(settings: S3.Settings(bucket));
        await using var second = await CmsHost.StartAsync(settings: S3.Settings(bucket));
        using var editor = await first.CreateUserAsync("Editor");
        var bytes = TestImages.Jpeg(640, 480);

        var path = PathOf(await UploadToAsync(editor.Client, bytes, "partagee.jpg", Folder()));

        using var reader = second.CreateClient();
        var original = await reader.GetAsync($"/media/{path}");
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal(bytes, await original.Content.ReadAsByteArrayAsync());
        var fromFirst = await first.CreateClient().GetAsync($"/media/{path}");
        Assert.Equal(fromFirst.Headers.ETag, original.Headers.ETag);
        var variant = await reader.GetAsync($"/media/{path}?width=320");
        Assert.Equal(HttpStatusCode.OK, variant.StatusCode);
        using var decoded = TestImages.Decode(await variant.Content.ReadAsByteArrayAsync());
        Assert.Equal(320, decoded.Width);
    }

    [Fact]
    public async Task A_file_the_bucket_refuses_leaves_no_entry_in_the_library()
    {
        // A bucket that was never made: the entry is recorded first, then the write fails.
        await using var host = await CmsHost.StartAsync(settings: S3.Settings("absent-" + Guid.NewGuid().ToString("n")[..12]));
        using var editor = await host.CreateUserAsync("Editor");
        var folder = Folder();

        var response = await UploadAsync(editor.Client, TestImages.Jpeg(16, 16), "perdue.jpg", folder);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var listing = await editor.Client.GetFromJsonAsync<JsonObject>($"/api/media?folder={folder}");
        Assert.Empty(listing!["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync($"/api/media/info?path={folder}/perdue.jpg")).StatusCode);
    }

    [Fact]
    public async Task Store_S3_without_a_bucket_refuses_to_start_naming_the_setting()
    {
        var settings = S3.Settings(bucket: "");
        var dataPath = CmsHost.NewDataPath();
        try
        {
            var error = await Assert.ThrowsAsync<CmsStartupException>(() => CmsHost.StartAsync(dataPath, settings));

            Assert.Contains("Cms:Media:S3:Bucket", error.Message);
        }
        finally
        {
            CmsHost.DeleteData(dataPath);
        }
    }

    [Fact]
    public async Task An_access_key_without_its_secret_refuses_to_start_naming_the_setting()
    {
        var settings = S3.Settings(fixture.Bucket);
        settings["Cms:Media:S3:SecretKey"] = "";
        var dataPath = CmsHost.NewDataPath();
        try
        {
            var error = await Assert.ThrowsAsync<CmsStartupException>(() => CmsHost.StartAsync(dataPath, settings));

            Assert.Contains("Cms:Media:S3:SecretKey", error.Message);
        }
        finally
        {
            CmsHost.DeleteData(dataPath);
        }
    }
}
