using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Cms.Tests.Search.SearchClient;

namespace Cms.Tests.Cluster;

/// <summary>
/// Two hosts in this process on one PostgreSQL database, each with its own search index folder: the second follows
/// the first's changes through the change feed, catches up after being down, and rebuilds when it fell behind entries
/// already pruned.
/// </summary>
public sealed class SearchFollowsFeedTests
{
    private static async Task<int> PublishedArticleCountAsync(CmsHost host)
    {
        using var reader = host.CreateClient();
        var list = await reader.GetFromJsonAsync<JsonObject>("/api/content?type=Article&pageSize=1");
        return list!["total"]!.GetValue<int>();
    }

    private static async Task<int> WaitForDocumentCountAsync(HttpClient admin, string name, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var list = await admin.GetFromJsonAsync<JsonObject>("/api/search/indexes");
            var index = list!["indexes"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == name)!;
            var count = index["documentCount"]?.GetValue<int>() ?? -1;
            if (count == expected || DateTime.UtcNow > deadline) return count;
            await Task.Delay(50);
        }
    }

    private static async Task<int> FeedEntriesAsync(CmsHost host)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Cms.Data.CmsDbContext>();
        return await db.ChangeFeed.CountAsync();
    }

    [Fact]
    public async Task Another_node_follows_the_change_feed_and_catches_up_after_being_down()
    {
        var dataPath = CmsHost.NewDataPath();
        var nodeA = await CmsHost.StartAsync(dataPath, new Dictionary<string, string?> { ["Cms:ChangeFeed:PollInterval"] = "00:00:00.200" });
        var nodeBSettings = new Dictionary<string, string?> { ["Cms:Search:IndexPath"] = "search-node-b", ["Cms:ChangeFeed:PollInterval"] = "00:00:00.200" };
        var nodeB = await CmsHost.StartAsync(dataPath, nodeBSettings);
        try
        {
            var word = UniqueWord();
            using var adminA = await nodeA.AdminClientAsync();
            var first = await PublishedArticleAsync(nodeA, adminA, $"Sur le nœud A {word}", "<p>Texte.</p>");
            using var readerB = nodeB.CreateClient();
            var (seen, _) = await WaitForAsync(readerB, Q(word), r => Ids(r).Contains(first));
            Assert.Contains(first, Ids(seen));

            await nodeB.DisposeAsync();
            var second = await PublishedArticleAsync(nodeA, adminA, $"Pendant la panne {word}", "<p>Texte.</p>");
            Assert.True((await Articles.TransitionAsync(adminA, first, "unpublish")).IsSuccessStatusCode);

            nodeB = await CmsHost.StartAsync(dataPath, nodeBSettings);
            using var readerB2 = nodeB.CreateClient();
            var (after, _) = await WaitForAsync(readerB2, Q(word), r => Ids(r).SequenceEqual([second]));
            Assert.Equal([second], Ids(after));
            using var adminB = await nodeB.AdminClientAsync();
            var expected = await PublishedArticleCountAsync(nodeB);
            Assert.Equal(expected, await WaitForDocumentCountAsync(adminB, "articles", expected));
        }
        finally
        {
            await nodeB.DisposeAsync();
            await nodeA.DisposeAsync();
            CmsHost.DeleteData(dataPath);
        }
    }

    [Fact]
    public async Task A_node_whose_cursor_is_behind_pruned_entries_rebuilds_and_misses_nothing()
    {
        var dataPath = CmsHost.NewDataPath();
        var pruning = new Dictionary<string, string?>
        {
            ["Cms:ChangeFeed:Retention"] = "00:00:00",
            ["Cms:ChangeFeed:PruneInterval"] = "00:00:00.100",
            ["Cms:ChangeFeed:PollInterval"] = "00:00:00.100",
        };
        var nodeA = await CmsHost.StartAsync(dataPath, pruning);
        var nodeBSettings = new Dictionary<string, string?> { ["Cms:Search:IndexPath"] = "search-node-b" };
        var nodeB = await CmsHost.StartAsync(dataPath, nodeBSettings);
        try
        {
            using var readerB = nodeB.CreateClient();
            await WaitForAsync(readerB, Q("koursk"), r => Ids(r).Contains("4art1c1e0000000000000000a2"));
            await nodeB.DisposeAsync();

            using var adminA = await nodeA.AdminClientAsync();
            var word = UniqueWord();
            var id = await PublishedArticleAsync(nodeA, adminA, $"Pendant que B dort {word}", "<p>Texte.</p>");
            for (var deadline = DateTime.UtcNow.AddSeconds(10); await FeedEntriesAsync(nodeA) > 0 && DateTime.UtcNow < deadline;) await Task.Delay(50);
            Assert.Equal(0, await FeedEntriesAsync(nodeA));

            nodeB = await CmsHost.StartAsync(dataPath, nodeBSettings);
            using var readerB2 = nodeB.CreateClient();
            var (results, _) = await WaitForAsync(readerB2, Q(word), r => Ids(r).Contains(id));
            Assert.Contains(id, Ids(results));
        }
        finally
        {
            await nodeB.DisposeAsync();
            await nodeA.DisposeAsync();
            CmsHost.DeleteData(dataPath);
        }
    }
}
