using Cms.Tests.Support;
using Cms.Tests.Webhooks;

namespace Cms.Tests.Cluster;

/// <summary>Webhooks are sent by the one node that holds the cluster duties, whichever node made the change.</summary>
public sealed class WebhookClusterTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Cms:Webhooks:AllowPrivateNetworks"] = "true",
        ["Cms:Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["Cms:Webhooks:MaxRetryDelay"] = "00:00:01",
    };

    [Fact]
    public async Task Each_publication_through_either_node_is_delivered_exactly_once_though_both_nodes_run()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await Support.Cluster.StartAsync(2, Settings);
        using var adminA = await cluster[0].AdminClientAsync();
        using var adminB = await cluster[1].AdminClientAsync();
        var hook = await WebhookApi.CreateAsync(adminB, new { url = receiver.Url, events = new[] { "content.published" } });
        var hookId = hook["id"].Str();

        var ids = new List<string>();
        for (var i = 0; i < 10; i++) ids.Add(await WebhookApi.PublishArticleAsync(i % 2 == 0 ? adminA : adminB, $"Par le nœud {(i % 2 == 0 ? "A" : "B")}, n° {i}"));
        await receiver.WaitForAsync(r => ids.All(id => r.Any(w => w.ContentItemId == id)), 60);
        // Every delivery recorded as received: a second sender, had there been one, would have sent by now.
        await WebhookApi.WaitForDeliveriesAsync(adminA, hookId, d => d.Count == ids.Count && d.All(x => x["status"].Str() == "succeeded"), 60);

        var received = receiver.Received.Where(w => ids.Contains(w.ContentItemId!)).ToList();
        Assert.Equal(ids.Count, received.Count);
        Assert.Equal(ids.Order(), received.Select(w => w.ContentItemId!).Order());
        Assert.Equal(ids.Count, received.Select(w => w.Id).Distinct().Count());
        Assert.All(received, w => Assert.True(w.IsSignedWith(hook["secret"].Str())));
    }

    [Fact]
    public async Task A_delivery_pending_when_the_sending_node_is_killed_is_sent_by_the_node_that_takes_over()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 503;
        await using var cluster = await Support.Cluster.StartAsync(2, Settings);
        var (a, b) = (cluster[0], cluster[1]);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(a.Output.Contains("now holds the cluster duties"))), "node A never took the duties:\n" + a.Output);
        using var adminB = await b.AdminClientAsync();
        var hookId = (await WebhookApi.CreateAsync(adminB, new { url = receiver.Url, events = new[] { "content.published" } }))["id"].Str();
        var id = await WebhookApi.PublishArticleAsync(adminB, "Publié avant la panne");
        await receiver.WaitForAsync(r => r.Any(w => w.ContentItemId == id));

        a.Kill();
        receiver.Status = 200;
        var received = await receiver.WaitForAsync(r => r.Any(w => w.ContentItemId == id && w.Answered == 200), 60);

        Assert.True(b.Output.Contains("now holds the cluster duties"), "node B never took over:\n" + b.Output);
        Assert.Single(received.Where(w => w.ContentItemId == id).Select(w => w.Id).Distinct());
        Assert.Equal("succeeded", (await WebhookApi.WaitForDeliveriesAsync(adminB, hookId, d => d.Single()["status"].Str() == "succeeded")).Single()["status"].Str());
    }
}
