using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Admin;
using Cms.Tests.Support;

namespace Cms.Tests.Webhooks;

public sealed class WebhookSafetyTests
{
    [Fact]
    public async Task A_target_on_the_servers_own_network_is_refused_and_logged_and_nothing_is_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var log = new StringWriter();
        await using var host = await CmsHost.StartAsync(log: log);
        using var admin = await host.AdminClientAsync();
        // A name, not an address: what it resolves to is checked when connecting.
        var hook = await WebhookApi.CreateAsync(admin, new { url = $"http://localhost:{receiver.Port}/hook" });

        var ping = await admin.PostAsync($"/api/webhooks/{hook["id"].Str()}/ping", null);
        var delivery = (await WebhookApi.WaitForDeliveriesAsync(admin, hook["id"].Str(), d => d.Any(x => x["status"].Str() == "failed"))).Single();

        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        Assert.Contains("loopback address", delivery["lastError"].Str());
        Assert.Contains("AllowPrivateNetworks", delivery["lastError"].Str());
        Assert.Null(delivery["lastStatusCode"]);
        Assert.Empty(receiver.Received);
        Assert.Contains($"Webhook {hook["id"].Str()} not sent to http://localhost:{receiver.Port}/hook: Refused", log.ToString());
    }

    [Fact]
    public async Task A_subscription_that_failed_for_a_whole_retry_window_is_switched_off_and_said_so()
    {
        await using var failing = await WebhookReceiver.StartAsync();
        failing.Status = 500;
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var host = await CmsHost.StartAsync(settings: WebhookApi.Settings(("Cms:Webhooks:RetryFor", "00:00:05"), ("Cms:Webhooks:MaxRetryDelay", "00:00:00.500")));
        using var admin = await host.AdminClientAsync();
        var hookId = (await WebhookApi.CreateAsync(admin, new { url = failing.Url, events = new[] { "content.published" } }))["id"].Str();
        using var editor = await host.CreateUserAsync("Editor");
        await WebhookApi.PublishArticleAsync(editor.Client, "Jamais reçu");

        var log = await WebhookApi.WaitForDeliveriesAsync(admin, hookId, d => d.Any(x => x["status"].Str() == "failed"));
        var subscription = await WebhookApi.GetAsync(admin, hookId);
        // Switched off, it is no longer sent anything: a healthy subscription receives the next publication, this one does not queue it.
        var marker = await WebhookApi.CreateAsync(admin, new { url = healthy.Url, events = new[] { "content.published" } });
        var next = await WebhookApi.PublishArticleAsync(editor.Client, "Après la coupure");
        await healthy.WaitForAsync(r => r.Any(w => w.ContentItemId == next));
        using var session = await AdminSession.SignInAsync(host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var page = await session.Client.GetStringAsync("/admin/webhooks");

        Assert.False(subscription["enabled"]!.GetValue<bool>());
        Assert.Equal("failing", subscription["disabledReason"].Str());
        Assert.NotNull(subscription["failingSinceUtc"]);
        Assert.True(log.Single()["attempts"]!.GetValue<int>() >= 2);
        Assert.Equal(log.Single()["attempts"]!.GetValue<int>(), failing.Received.Count);
        Assert.Single(await WebhookApi.DeliveriesAsync(admin, hookId));
        Assert.DoesNotContain(failing.Received, w => w.ContentItemId == next);
        Assert.Contains("Désactivé automatiquement", page);
        await admin.DeleteAsync($"/api/webhooks/{marker["id"].Str()}");
    }
}
