using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Webhooks;

/// <summary>Drives <c>/api/webhooks</c> for the tests, and the settings their hosts share.</summary>
public static class WebhookApi
{
    /// <summary>Receivers run on loopback; retries come quickly.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cms:Webhooks:AllowPrivateNetworks"] = "true",
            ["Cms:Webhooks:FirstRetryDelay"] = "00:00:00.200",
            ["Cms:Webhooks:MaxRetryDelay"] = "00:00:01",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    /// <summary>Creates a subscription; the answer holds its <c>id</c> and, this once, its <c>secret</c>.</summary>
    public static async Task<JsonObject> CreateAsync(HttpClient admin, object subscription)
    {
        var response = await admin.PostAsJsonAsync("/api/webhooks", subscription);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Webhook not created: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject> GetAsync(HttpClient admin, string id) => (await admin.GetFromJsonAsync<JsonObject>($"/api/webhooks/{id}"))!;

    public static async Task<List<JsonObject>> DeliveriesAsync(HttpClient admin, string id) =>
        (await admin.GetFromJsonAsync<JsonObject>($"/api/webhooks/{id}/deliveries?limit=200"))!["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

    /// <summary>The subscription's deliveries once <paramref name="condition"/> holds of them; fails the test after <paramref name="seconds"/>.</summary>
    public static async Task<List<JsonObject>> WaitForDeliveriesAsync(HttpClient admin, string id, Func<List<JsonObject>, bool> condition, int seconds = 30)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(seconds); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var deliveries = await DeliveriesAsync(admin, id);
            if (condition(deliveries)) return deliveries;
        }
        var last = await DeliveriesAsync(admin, id);
        Assert.Fail($"The deliveries of {id} did not become what was expected within {seconds} s:\n{string.Join("\n", last.Select(d => d.ToJsonString()))}");
        return last;
    }

    /// <summary>Creates an article and publishes it; returns its id.</summary>
    public static async Task<string> PublishArticleAsync(HttpClient editor, string title)
    {
        var category = await Articles.CategoryIdAsync(editor, "defense");
        var id = (await Articles.CreateAsync(editor, Articles.New(title, category)))["ContentItemId"]!.GetValue<string>();
        var published = await Articles.TransitionAsync(editor, id, "publish");
        if (!published.IsSuccessStatusCode) throw new InvalidOperationException($"Publish failed: {await published.Content.ReadAsStringAsync()}");
        return id;
    }

    public static string Str(this JsonNode? node) => node!.GetValue<string>();
}
