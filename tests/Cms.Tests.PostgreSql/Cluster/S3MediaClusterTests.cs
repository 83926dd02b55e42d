using System.Net;
using System.Text.Json.Nodes;
using Cms.Tests.Media;
using Cms.Tests.Support;
using static Cms.Tests.Media.MediaApiClient;

namespace Cms.Tests.Cluster;

/// <summary>
/// Two web nodes as in production: one PostgreSQL database, one bucket, a data folder (and so a variant cache) each.
/// The database's key on the media path is what keeps two uploads of one name, through different nodes, apart.
/// </summary>
public sealed class S3MediaClusterTests
{
    [Fact]
    public async Task Uploads_of_one_name_through_two_nodes_get_different_paths_and_intact_files()
    {
        var s3 = await S3Server.GetAsync();
        var bucket = await s3.CreateBucketAsync();
        await using var nodeA = await CmsHost.StartAsync(settings: s3.Settings(bucket));
        var nodeBSettings = s3.Settings(bucket);
        nodeBSettings["ConnectionStrings:Cms"] = nodeA.ConnectionString;
        await using var nodeB = await CmsHost.StartAsync(settings: nodeBSettings);
        using var editorA = await nodeA.CreateUserAsync("Editor");
        using var editorB = nodeB.CreateClient(await nodeB.GetTokenAsync(editorA.UserName, "Str0ng-Password!"));
        var folder = "cluster/" + Guid.NewGuid().ToString("n")[..12];
        // Different pictures under one name, alternately through each node: a file overwritten by another upload would show.
        var images = Enumerable.Range(0, 6).Select(i => TestImages.Jpeg(40 + i, 30)).ToArray();

        var responses = await Task.WhenAll(images.Select((bytes, i) => UploadAsync(i % 2 == 0 ? editorA.Client : editorB, bytes, "meme-nom.jpg", folder)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var paths = new string[images.Length];
        for (var i = 0; i < images.Length; i++) paths[i] = PathOf(JsonNode.Parse(await responses[i].Content.ReadAsStringAsync())!.AsObject());
        Assert.Equal(images.Length, paths.Distinct().Count());
        using var readerA = nodeA.CreateClient();
        using var readerB = nodeB.CreateClient();
        for (var i = 0; i < images.Length; i++)
        {
            Assert.Equal(images[i], await readerA.GetByteArrayAsync($"/media/{paths[i]}"));
            Assert.Equal(images[i], await readerB.GetByteArrayAsync($"/media/{paths[i]}"));
        }
    }
}
