using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Cms.Tests.Support;

namespace Cms.Tests.Site;

/// <summary>Pages come with validators, revalidate with 304, and are compressed for readers who accept it.</summary>
public sealed class PageCacheTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task A_page_with_a_matching_etag_is_not_sent_again()
    {
        using var reader = Host.CreateClient();
        var first = await reader.GetAsync("/categorie/defense");
        var etag = first.Headers.ETag!;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/categorie/defense");
        request.Headers.IfNoneMatch.Add(etag);
        var second = await reader.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, second.Headers.ETag);
    }

    [Fact]
    public async Task A_page_not_modified_since_the_readers_copy_is_not_sent_again()
    {
        using var reader = Host.CreateClient();
        var first = await reader.GetAsync("/tag/ukraine");
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/tag/ukraine");
        request.Headers.IfModifiedSince = lastModified;
        var second = await reader.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task A_publish_changes_the_etag_so_a_revalidating_reader_gets_the_new_page()
    {
        using var admin = await Host.AdminClientAsync();
        using var reader = Host.CreateClient();
        var before = await reader.GetAsync("/");
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Nouvelle à la une"), "sport");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        request.Headers.IfModifiedSince = before.Content.Headers.LastModified;
        var after = await reader.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Contains(article.Title, await after.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Pages_are_sent_compressed_to_readers_who_accept_it(string coding)
    {
        using var reader = Host.CreateClient();
        var plain = await reader.GetByteArrayAsync("/");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(coding));
        var response = await reader.SendAsync(request);
        var compressed = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(coding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.True(compressed.Length < plain.Length / 2, $"{compressed.Length} bytes compressed for {plain.Length}");
        using var input = new MemoryStream(compressed);
        using Stream decoder = coding == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        await decoder.CopyToAsync(output);
        Assert.Equal(plain, output.ToArray());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Pages_that_are_not_kept_are_compressed_in_the_one_encoding_the_reader_accepts(string coding)
    {
        // A 404 and a search are rendered for each request: compressed once, for this reader only.
        foreach (var path in new[] { "/nulle-part-" + Guid.NewGuid().ToString("n")[..8], "/recherche?q=koursk" })
        {
            using var reader = Host.CreateClient();
            var plainResponse = await reader.GetAsync(path);
            var plain = await plainResponse.Content.ReadAsByteArrayAsync();
            Assert.Empty(plainResponse.Content.Headers.ContentEncoding);

            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(coding));
            var response = await reader.SendAsync(request);

            Assert.Equal(plainResponse.StatusCode, response.StatusCode);
            Assert.Equal(coding, Assert.Single(response.Content.Headers.ContentEncoding));
            using var input = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
            using Stream decoder = coding == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new BrotliStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            await decoder.CopyToAsync(output);
            Assert.Equal(plain, output.ToArray());
        }
    }

    [Fact]
    public async Task A_reader_who_accepts_no_compression_gets_plain_bytes_that_vary_by_encoding()
    {
        using var reader = Host.CreateClient();

        var response = await reader.GetAsync("/rss");

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("no-cache", response.Headers.CacheControl!.ToString());
    }
}
