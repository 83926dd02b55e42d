using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using Cms.Webhooks;

namespace Cms.Tests.Webhooks;

/// <summary>A host whose webhooks may call loopback receivers, retry quickly, and whose recipes include an import of an archived page.</summary>
public sealed class WebhookHostFixture : IAsyncLifetime
{
    public const string ArchivedPageId = "4rch1vedpage00000000000001";

    private const string ArchiveRecipe = """
        {
          "name": "archive",
          "steps": [
            {
              "name": "Content",
              "Data": [
                {
                  "ContentItemId": "4rch1vedpage00000000000001",
                  "ContentType": "Page",
                  "DisplayText": "Page d’archive",
                  "Latest": true,
                  "Published": true,
                  "PublishedUtc": "2019-05-01T08:00:00Z",
                  "TitlePart": { "Title": "Page d’archive" },
                  "AutoroutePart": { "Path": "archives/page-d-archive" },
                  "HtmlBodyPart": { "Html": "<p>Déjà publiée ailleurs.</p>" }
                }
              ]
            }
          ]
        }
        """;

    private readonly RecipesFolder _recipes = new(new Dictionary<string, string> { ["archive"] = ArchiveRecipe });

    public CmsHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CmsHost.StartAsync(settings: WebhookApi.Settings(("Cms:RecipesPath", _recipes.Path)));

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _recipes.Dispose();
    }
}

public sealed class WebhookDeliveryTests(WebhookHostFixture fixture) : IClassFixture<WebhookHostFixture>
{
    private CmsHost Host => fixture.Host;

    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("n")[..6]}";

    [Fact]
    public async Task A_publication_is_delivered_signed_with_its_path_status_and_first_publication()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Host.AdminClientAsync();
        var hook = await WebhookApi.CreateAsync(admin, new { url = receiver.Url, events = new[] { "content.published" } });
        using var editor = await Host.CreateUserAsync("Editor");
        var title = Unique("Publication signée");

        var id = await WebhookApi.PublishArticleAsync(editor.Client, title);
        var received = (await receiver.WaitForAsync(r => r.Any(w => w.ContentItemId == id))).Single(w => w.ContentItemId == id);
        var stored = (await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;

        var body = received.Json;
        Assert.True(received.IsSignedWith(hook["secret"].Str()));
        Assert.False(received.IsSignedWith(WebhookSecrets.Generate()));
        Assert.Equal("content.published", received.Event);
        Assert.True(body["firstPublication"]!.GetValue<bool>());
        Assert.Equal("Published", body["status"].Str());
        Assert.Equal("Article", body["contentType"].Str());
        Assert.Equal("api", body["source"].Str());
        Assert.Equal(stored["ContentItemVersionId"].Str(), body["contentItemVersionId"].Str());
        Assert.Equal(stored["AutoroutePart"]!["Path"].Str(), body["path"].Str());
        Assert.Equal($"{title} — first publication", body["summary"].Str());
        Assert.Equal($"msg_{hook["id"].Str()}_{body["sequence"]!.GetValue<long>()}", received.Id);
        Assert.InRange(long.Parse(received.Timestamp), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        await admin.DeleteAsync($"/api/webhooks/{hook["id"].Str()}");
    }

    [Fact]
    public async Task A_correction_is_published_again_not_for_the_first_time_and_names_the_fields_it_changed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Host.AdminClientAsync();
        var hook = await WebhookApi.CreateAsync(admin, new { url = receiver.Url, events = new[] { "content.published" } });
        using var editor = await Host.CreateUserAsync("Editor");
        var title = Unique("Corrigé");
        var id = await WebhookApi.PublishArticleAsync(editor.Client, title);
        var latest = (await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;
        latest["HtmlBodyPart"]!["Html"] = "<p>Texte corrigé.</p>";

        await Articles.SaveAsync(editor.Client, id, latest["ContentItemVersionId"].Str(), latest);
        await Articles.TransitionAsync(editor.Client, id, "publish");
        var received = await receiver.WaitForAsync(r => r.Count(w => w.ContentItemId == id) == 2);

        var correction = received.Where(w => w.ContentItemId == id).Select(w => w.Json).Single(b => !b["firstPublication"]!.GetValue<bool>());
        Assert.Equal($"{title} — published again: HtmlBodyPart.Html changed", correction["summary"].Str());
        await admin.DeleteAsync($"/api/webhooks/{hook["id"].Str()}");
    }

    [Fact]
    public async Task A_scheduled_publication_is_delivered_like_a_manual_one_from_the_scheduler()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Host.AdminClientAsync();
        var hook = await WebhookApi.CreateAsync(admin, new { url = receiver.Url, events = new[] { "content.published" } });
        using var editor = await Host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(editor.Client, "defense");
        var id = (await Articles.CreateAsync(editor.Client, Articles.New(Unique("Programmé"), category)))["ContentItemId"].Str();

        var scheduled = await Articles.TransitionAsync(editor.Client, id, "schedule", new { publishAtUtc = DateTime.UtcNow.AddSeconds(2).ToString("O") });
        var received = (await receiver.WaitForAsync(r => r.Any(w => w.ContentItemId == id))).Single(w => w.ContentItemId == id).Json;

        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Equal("scheduler", received["source"].Str());
        Assert.True(received["firstPublication"]!.GetValue<bool>());
        await admin.DeleteAsync($"/api/webhooks/{hook["id"].Str()}");
    }

    [Fact]
    public async Task Only_the_events_and_content_types_a_subscription_names_are_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Host.AdminClientAsync();
        var hook = await WebhookApi.CreateAsync(admin, new { url = receiver.Url, events = new[] { "content.created" }, contentTypes = new[] { "Page" } });
        using var editor = await Host.CreateUserAsync("Editor");

        // In feed order: an article created, then a page. Deliveries are queued in feed order, so once the page's creation
        // has arrived the article's was looked at too.
        var article = await Articles.CreateAsync(editor.Client, Articles.New(Unique("Article filtré"), await Articles.CategoryIdAsync(editor.Client, "defense")));
        var page = await Articles.CreateAsync(editor.Client, new JsonObject
        {
            ["ContentType"] = "Page",
            ["TitlePart"] = new JsonObject { ["Title"] = Unique("Page attendue") },
            ["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>Une page.</p>" },
        });
        var pageId = page["ContentItemId"].Str();
        await receiver.WaitForAsync(r => r.Any(w => w.ContentItemId == pageId));
        var deliveries = await WebhookApi.DeliveriesAsync(admin, hook["id"].Str());

        var only = Assert.Single(deliveries);
        Assert.Equal(pageId, only["contentItemId"].Str());
        Assert.Equal("content.created", only["event"].Str());
        Assert.DoesNotContain(receiver.Received, w => w.ContentItemId == article["ContentItemId"].Str());
        await admin.DeleteAsync($"/api/webhooks/{hook["id"].Str()}");
    }

    [Fact]
    public async Task Changes_from_an_excluded_source_are_not_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var everything = await WebhookReceiver.StartAsync();
        using var admin = await Host.AdminClientAsync();
        var hook = await WebhookApi.CreateAsync(admin, new { url = receiver.Url, events = new[] { "content.published" }, excludedSources = new[] { "recipe" } });
        var all = await WebhookApi.CreateAsync(admin, new { url = everything.Url, events = new[] { "content.published" } });
        using var editor = await Host.CreateUserAsync("Editor");

        var imported = await admin.PostAsync("/api/recipes/archive/run", null);
        var afterwards = await WebhookApi.PublishArticleAsync(editor.Client, Unique("Après l’import"));
        await everything.WaitForAsync(r => r.Any(w => w.ContentItemId == WebhookHostFixture.ArchivedPageId) && r.Any(w => w.ContentItemId == afterwards));
        await receiver.WaitForAsync(r => r.Any(w => w.ContentItemId == afterwards));

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal("recipe", everything.Received.First(w => w.ContentItemId == WebhookHostFixture.ArchivedPageId).Json["source"].Str());
        Assert.DoesNotContain(receiver.Received, w => w.ContentItemId == WebhookHostFixture.ArchivedPageId);
        Assert.DoesNotContain(await WebhookApi.DeliveriesAsync(admin, hook["id"].Str()), d => d["contentItemId"]?.GetValue<string>() == WebhookHostFixture.ArchivedPageId);
        await admin.DeleteAsync($"/api/webhooks/{hook["id"].Str()}");
        await admin.DeleteAsync($"/api/webhooks/{all["id"].Str()}");
    }

    [Fact]
    public async Task A_receiver_that_answers_500_twice_gets_three_attempts_under_one_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(500, 500);
        using var admin = await Host.AdminClientAsync();
        var hook = await WebhookApi.CreateAsync(admin, new { url = receiver.Url, events = new[] { "content.published" } });
        using var editor = await Host.CreateUserAsync("Editor");

        var id = await WebhookApi.PublishArticleAsync(editor.Client, Unique("Trois essais"));
        var received = (await receiver.WaitForAsync(r => r.Any(w => w.ContentItemId == id && w.Answered == 200))).Where(w => w.ContentItemId == id).ToList();
        var delivery = (await WebhookApi.WaitForDeliveriesAsync(admin, hook["id"].Str(), d => d.Any(x => x["status"].Str() == "succeeded"))).Single();

        Assert.Equal(new[] { 500, 500, 200 }, received.Select(w => w.Answered));
        Assert.Single(received.Select(w => w.Id).Distinct());
        Assert.All(received, w => Assert.True(w.IsSignedWith(hook["secret"].Str())));
        Assert.Equal(received[0].Id, delivery["webhookId"].Str());
        Assert.Equal(3, delivery["attempts"]!.GetValue<int>());
        Assert.Equal(200, delivery["lastStatusCode"]!.GetValue<int>());
        Assert.Equal("ok", delivery["responseExcerpt"].Str());
        Assert.True(delivery["lastDurationMs"]!.GetValue<int>() >= 0);
        await admin.DeleteAsync($"/api/webhooks/{hook["id"].Str()}");
    }

    [Fact]
    public async Task A_ping_is_sent_signed_and_a_resend_repeats_a_delivery_under_the_same_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Host.AdminClientAsync();
        var hook = await WebhookApi.CreateAsync(admin, new { url = receiver.Url, events = new[] { "content.published" } });
        var hookId = hook["id"].Str();
        using var editor = await Host.CreateUserAsync("Editor");
        var id = await WebhookApi.PublishArticleAsync(editor.Client, Unique("Renvoyé"));
        var first = (await receiver.WaitForAsync(r => r.Any(w => w.ContentItemId == id))).Single(w => w.ContentItemId == id);
        var publication = (await WebhookApi.WaitForDeliveriesAsync(admin, hookId, d => d.Any(x => x["status"].Str() == "succeeded"))).Single();

        var ping = await admin.PostAsync($"/api/webhooks/{hookId}/ping", null);
        var resend = await admin.PostAsync($"/api/webhooks/{hookId}/deliveries/{publication["id"]!.GetValue<long>()}/resend", null);
        var received = await receiver.WaitForAsync(r => r.Any(w => w.Event == "webhook.ping") && r.Count(w => w.ContentItemId == id) == 2);

        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        var pinged = received.Single(w => w.Event == "webhook.ping");
        Assert.True(pinged.IsSignedWith(hook["secret"].Str()));
        Assert.Equal((await ping.Content.ReadFromJsonAsync<JsonObject>())!["webhookId"].Str(), pinged.Id);
        var again = received.Where(w => w.ContentItemId == id).ToList();
        Assert.Equal(first.Id, again[1].Id);
        Assert.Equal(first.Body, again[1].Body);
        var log = await WebhookApi.WaitForDeliveriesAsync(admin, hookId, d => d.All(x => x["status"].Str() == "succeeded") && d.Any(x => x["attempts"]!.GetValue<int>() == 2));
        Assert.Contains(log, d => d["event"].Str() == "webhook.ping" && d["attempts"]!.GetValue<int>() == 1);
        await admin.DeleteAsync($"/api/webhooks/{hookId}");
    }
}
