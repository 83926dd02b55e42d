using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Cms.Tests.Search.SearchClient;

namespace Cms.Tests.Search;

/// <summary>Each test starts and stops its own host on one data folder, as a restart would.</summary>
public sealed class SearchDurabilityTests
{
    private static async Task<int> PublishedArticleCountAsync(CmsHost host)
    {
        using var reader = host.CreateClient();
        var list = await reader.GetFromJsonAsync<JsonObject>("/api/content?type=Article&pageSize=1");
        return list!["total"]!.GetValue<int>();
    }

    private static async Task<JsonObject> IndexAsync(HttpClient admin, string name)
    {
        var list = await admin.GetFromJsonAsync<JsonObject>("/api/search/indexes");
        return list!["indexes"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == name)!.AsObject();
    }

    private static async Task<int> WaitForDocumentCountAsync(HttpClient admin, string name, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var count = (await IndexAsync(admin, name))["documentCount"]?.GetValue<int>() ?? -1;
            if (count == expected || DateTime.UtcNow > deadline) return count;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_restart_loses_and_duplicates_nothing()
    {
        var dataPath = CmsHost.NewDataPath();
        var host = await CmsHost.StartAsync(dataPath);
        var word = UniqueWord();
        var ids = new List<string>();
        try
        {
            using (var admin = await host.AdminClientAsync())
            {
                for (var i = 0; i < 5; i++) ids.Add(await PublishedArticleAsync(host, admin, $"Avant l'arrêt {i} {word}", "<p>Texte.</p>"));
                Assert.True((await Articles.TransitionAsync(admin, ids[0], "unpublish")).IsSuccessStatusCode);
            }
            // Stopped at once: the last changes may still be tasks the index has not applied.
            await host.DisposeAsync();

            host = await CmsHost.StartAsync(dataPath);
            using var again = await host.AdminClientAsync();
            var expected = await PublishedArticleCountAsync(host);
            Assert.Equal(expected, await WaitForDocumentCountAsync(again, "articles", expected));
            var (results, _) = await WaitForAsync(again, Q(word), r => Ids(r).Count == 4);
            Assert.Equal(ids.Skip(1).Order(), Ids(results).Order());
        }
        finally
        {
            await host.DisposeAsync();
            CmsHost.DeleteData(dataPath);
        }
    }

    [Fact]
    public async Task A_deleted_index_folder_is_rebuilt_at_the_next_start()
    {
        var dataPath = CmsHost.NewDataPath();
        var host = await CmsHost.StartAsync(dataPath);
        try
        {
            using (var admin = await host.AdminClientAsync())
            {
                await PublishedArticleAsync(host, admin, $"Avant la suppression {UniqueWord()}", "<p>Texte.</p>");
            }
            await host.DisposeAsync();
            Directory.Delete(Path.Combine(dataPath, "search"), recursive: true);

            host = await CmsHost.StartAsync(dataPath);
            using var again = await host.AdminClientAsync();
            var expected = await PublishedArticleCountAsync(host);
            Assert.Equal(expected, await WaitForDocumentCountAsync(again, "articles", expected));
        }
        finally
        {
            await host.DisposeAsync();
            CmsHost.DeleteData(dataPath);
        }
    }

    [Fact]
    public async Task Rebuild_restores_a_deleted_index_folder_while_searches_keep_being_answered()
    {
        var dataPath = CmsHost.NewDataPath();
        var host = await CmsHost.StartAsync(dataPath);
        using var admin = await host.AdminClientAsync();
        using var reader = host.CreateClient();
        await WaitForAsync(reader, Q("koursk"), r => Ids(r).Contains("4art1c1e0000000000000000a2"));
        var before = await IndexAsync(admin, "articles");
        Directory.Delete(Path.Combine(dataPath, "search", "articles"), recursive: true);

        var rebuild = await admin.PostAsync("/api/search/indexes/articles/rebuild", null);
        Assert.Equal(HttpStatusCode.Accepted, rebuild.StatusCode);
        var answers = 0;
        JsonObject state;
        do
        {
            var results = await SearchAsync(reader, Q("koursk"));
            Assert.Contains("4art1c1e0000000000000000a2", Ids(results));
            answers++;
            state = await IndexAsync(admin, "articles");
        }
        // Until this rebuild is over: the index may have been built once already when the host started.
        while ((state["rebuild"]!["lastRebuildUtc"]?.ToJsonString() == before["rebuild"]!["lastRebuildUtc"]?.ToJsonString()
            || state["rebuild"]!["state"]!.GetValue<string>() != "Idle") && answers < 500);

        Assert.Equal("Idle", state["rebuild"]!["state"]!.GetValue<string>());
        Assert.Equal(before["documentCount"]!.GetValue<int>(), state["documentCount"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(dataPath, "search", "articles", "current")));
        await host.DisposeAsync();
        var restarted = await CmsHost.StartAsync(dataPath);
        try
        {
            using var readerAfter = restarted.CreateClient();
            Assert.Contains("4art1c1e0000000000000000a2", Ids(await SearchAsync(readerAfter, Q("koursk"))));
        }
        finally
        {
            await restarted.DisposeAsync();
            CmsHost.DeleteData(dataPath);
        }
    }
}
