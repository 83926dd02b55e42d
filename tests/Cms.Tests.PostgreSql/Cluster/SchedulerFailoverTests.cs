using System.Net;
using System.Net.Http.Json;
using Cms.Tests.Support;
using Npgsql;

namespace Cms.Tests.Cluster;

/// <summary>One node at a time publishes scheduled items; when it dies another takes over, and nothing is published twice.</summary>
public sealed class SchedulerFailoverTests
{
    [Fact]
    public async Task When_the_node_holding_the_scheduler_is_killed_another_publishes_each_due_item_exactly_once()
    {
        await using var cluster = await Support.Cluster.StartAsync(2, new Dictionary<string, string?> { ["Cms:Scheduler:PollInterval"] = "00:00:01" });
        var (a, b) = (cluster[0], cluster[1]);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(a.Output.Contains("now holds the cluster duties"))), "node A never took the duties:\n" + a.Output);
        Assert.DoesNotContain("now holds the cluster duties", b.Output);

        using var adminA = await a.AdminClientAsync();
        var category = await Articles.CategoryIdAsync(adminA, "economie");
        var ids = new List<string>();
        foreach (var delay in new[] { 3, 6, 8, 10 })
        {
            var draft = await Articles.CreateAsync(adminA, Articles.New($"Programmé à +{delay} s {Guid.NewGuid():n}", category));
            var id = draft["ContentItemId"]!.GetValue<string>();
            // Counted from now, not from the loop's start: on a loaded machine a creation can take seconds.
            var scheduled = await adminA.PostAsJsonAsync($"/api/content/{id}/schedule", new { publishAtUtc = DateTime.UtcNow.AddSeconds(delay).ToString("O") });
            Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
            ids.Add(id);
        }
        // The first one goes live while A leads; then A dies without a word.
        using var readerB = b.CreateClient();
        Assert.True(await Eventually.HoldsAsync(async () => (await readerB.GetAsync($"/api/content/{ids[0]}")).StatusCode == HttpStatusCode.OK));
        a.Kill();

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(b.Output.Contains("now holds the cluster duties")), 20), "node B never took over:\n" + b.Output);
        foreach (var id in ids)
        {
            Assert.True(await Eventually.HoldsAsync(async () => (await readerB.GetAsync($"/api/content/{id}")).StatusCode == HttpStatusCode.OK, 30),
                $"{id} was not published after the failover.\nB:\n{b.Output}");
        }
        foreach (var id in ids)
        {
            Assert.Equal(1, await CountAsync(cluster, "SELECT count(*) FROM \"AuditEntries\" WHERE \"ContentItemId\" = @id AND \"Action\" = 'Published'", id));
            Assert.Equal(1, await CountAsync(cluster, "SELECT count(*) FROM \"ChangeFeed\" WHERE \"ContentItemId\" = @id AND \"Event\" = 'content.published'", id));
            Assert.Equal("scheduler", await SourceOfPublicationAsync(cluster, id));
        }
    }

    private static async Task<long> CountAsync(Support.Cluster cluster, string sql, string id)
    {
        await using var conn = new NpgsqlConnection(cluster.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string?> SourceOfPublicationAsync(Support.Cluster cluster, string id)
    {
        await using var conn = new NpgsqlConnection(cluster.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Source\" FROM \"ChangeFeed\" WHERE \"ContentItemId\" = @id AND \"Event\" = 'content.published'", conn);
        command.Parameters.AddWithValue("id", id);
        return (string?)await command.ExecuteScalarAsync();
    }
}
