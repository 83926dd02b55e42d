using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Changes;

/// <summary>The change feed as its readers see it: event names, sources, sequences, and the Cms-Seq each write answers with.</summary>
public sealed class ChangeFeedTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task Each_change_of_an_article_is_one_entry_named_by_what_happened()
    {
        using var admin = await Host.AdminClientAsync();
        var start = await LastAsync(admin);
        var category = await Articles.CategoryIdAsync(admin, "culture");
        var draft = await Articles.CreateAsync(admin, Articles.New("Le feuilleton des événements", category));
        var id = draft["ContentItemId"]!.GetValue<string>();
        var saved = await Articles.SaveAsync(admin, id, draft["ContentItemVersionId"]!.GetValue<string>(), Articles.New("Le feuilleton, corrigé", category));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(admin, id, "submit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(admin, id, "publish")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(admin, id, "unpublish")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(admin, id, "publish")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/content/{id}")).StatusCode);

        var entries = (await ChangesAsync(admin, start)).Where(e => e["contentItemId"]?.GetValue<string>() == id).ToList();

        Assert.Equal(
            ["content.created", "content.updated", "content.transitioned", "content.published", "content.unpublished", "content.published", "content.deleted"],
            entries.Select(e => e["event"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal("api", e["source"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal(CmsHost.AdminUserName, e["user"]!.GetValue<string>()));
        Assert.Equal(entries.Select(e => e["sequence"]!.GetValue<long>()).Order(), entries.Select(e => e["sequence"]!.GetValue<long>()));
        var submit = entries[2]["data"]!;
        Assert.Equal(("submit", "Draft", "InReview"), (submit["transition"]!.GetValue<string>(), submit["from"]!.GetValue<string>(), submit["to"]!.GetValue<string>()));
        // A publication after an unpublish is not a new first publication (a correction is not news).
        Assert.True(entries[3]["data"]!["firstPublication"]!.GetValue<bool>());
        Assert.False(entries[5]["data"]!["firstPublication"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_schedule_and_a_category_change_have_their_own_events()
    {
        using var admin = await Host.AdminClientAsync();
        var start = await LastAsync(admin);
        var category = await Articles.CategoryIdAsync(admin, "sport");
        var draft = await Articles.CreateAsync(admin, Articles.New("Le match de la semaine prochaine", category));
        var id = draft["ContentItemId"]!.GetValue<string>();
        var at = DateTime.UtcNow.AddDays(2);
        Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(admin, id, "schedule", new { publishAtUtc = at.ToString("O") })).StatusCode);
        var created = await admin.PostAsJsonAsync("/api/categories", new { name = "Rubrique d’un jour" });
        var term = (await created.Content.ReadFromJsonAsync<JsonObject>())!["contentItemId"]!.GetValue<string>();
        await admin.PutAsJsonAsync($"/api/categories/{term}", new { name = "Rubrique renommée" });
        await admin.PostAsJsonAsync($"/api/categories/{term}/move", new { position = 0 });
        await admin.DeleteAsync($"/api/categories/{term}");

        var entries = await ChangesAsync(admin, start);
        var scheduled = entries.Single(e => e["event"]!.GetValue<string>() == "content.scheduled");
        Assert.Equal(id, scheduled["contentItemId"]!.GetValue<string>());
        Assert.Equal(at, scheduled["data"]!["publishAtUtc"]!.GetValue<DateTime>(), TimeSpan.FromSeconds(1));
        var categoryEvents = entries.Where(e => e["event"]!.GetValue<string>().StartsWith("category.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["category.created", "category.updated", "category.moved", "category.deleted"], categoryEvents.Select(e => e["event"]!.GetValue<string>()));
        Assert.All(categoryEvents, e => Assert.Equal(term, e["data"]!["termContentItemId"]!.GetValue<string>()));
        Assert.Equal("Rubrique renommée", categoryEvents[1]["data"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_write_answers_with_the_sequence_it_committed_and_a_read_does_not()
    {
        using var admin = await Host.AdminClientAsync();
        var category = await Articles.CategoryIdAsync(admin, "culture");

        var created = await admin.PostAsync("/api/content", Articles.Json(Articles.New("Une séquence à suivre", category)));
        var read = await admin.GetAsync("/api/categories");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var seq = long.Parse(created.Headers.GetValues("Cms-Seq").Single());
        Assert.Equal(await LastAsync(admin), seq);
        Assert.Contains(created.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"cms-seq={seq};", StringComparison.Ordinal) && c.Contains("httponly"));
        Assert.False(read.Headers.Contains("Cms-Seq"));
    }

    [Fact]
    public async Task A_request_carrying_a_sequence_is_answered_and_a_malformed_one_is_refused()
    {
        using var admin = await Host.AdminClientAsync();
        var last = await LastAsync(admin);
        using var reader = Host.CreateClient();

        using var current = new HttpRequestMessage(HttpMethod.Get, "/api/categories") { Headers = { { "Cms-Seq", last.ToString() } } };
        using var malformed = new HttpRequestMessage(HttpMethod.Get, "/api/categories") { Headers = { { "Cms-Seq", "-3" } } };

        Assert.Equal(HttpStatusCode.OK, (await reader.SendAsync(current)).StatusCode);
        var refused = await reader.SendAsync(malformed);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Cms-Seq", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_feed_is_for_administrators_and_checks_its_parameters()
    {
        using var author = (await Host.CreateUserAsync("Author")).Client;
        using var anonymous = Host.CreateClient();
        using var admin = await Host.AdminClientAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/changes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await author.GetAsync("/api/changes")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/changes?after=-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/changes?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/changes?limit=5000")).StatusCode);
        var page = await admin.GetFromJsonAsync<JsonObject>("/api/changes?after=0&limit=2");
        Assert.Equal(2, page!["items"]!.AsArray().Count);
        Assert.Equal(page["items"]![1]!["sequence"]!.GetValue<long>(), page["next"]!.GetValue<long>());
    }

    private static async Task<long> LastAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonObject>("/api/changes/status"))!["last"]!.GetValue<long>();

    private static async Task<List<JsonNode>> ChangesAsync(HttpClient admin, long after)
    {
        var page = await admin.GetFromJsonAsync<JsonObject>($"/api/changes?after={after}&limit=1000");
        return page!["items"]!.AsArray().Select(i => i!).ToList();
    }
}
