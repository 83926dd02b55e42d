using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Webhooks;

public sealed class WebhookAccessTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Theory]
    [InlineData("Author")]
    [InlineData("Editor")]
    public async Task Webhooks_are_for_administrators_only(string role)
    {
        using var user = await Host.CreateUserAsync(role);
        using var admin = await Host.AdminClientAsync();
        var hook = await WebhookApi.CreateAsync(admin, new { url = "https://hooks.example.org/cms" });
        var id = hook["id"].Str();

        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example.org/x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.GetAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.PutAsJsonAsync($"/api/webhooks/{id}", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.PostAsync($"/api/webhooks/{id}/ping", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.GetAsync($"/api/webhooks/{id}/deliveries")).StatusCode);
        Assert.True((await WebhookApi.GetAsync(admin, id))["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Anonymous_callers_must_sign_in()
    {
        using var anonymous = Host.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example.org/x" })).StatusCode);
    }

    [Theory]
    [InlineData("""{"url":"ftp://hooks.example.org/x"}""", "url")]
    [InlineData("""{"url":"pas une adresse"}""", "url")]
    [InlineData("""{"events":["content.published"]}""", "url")]
    [InlineData("""{"url":"https://hooks.example.org/x","events":["content.published","content.exploded"]}""", "events[1]")]
    [InlineData("""{"url":"https://hooks.example.org/x","events":[]}""", "events")]
    [InlineData("""{"url":"https://hooks.example.org/x","contentTypes":["Article","Recette"]}""", "contentTypes[1]")]
    [InlineData("""{"url":"https://hooks.example.org/x","excludedSources":["import","fax"]}""", "excludedSources[1]")]
    [InlineData("""{"url":"https://hooks.example.org/x","secret":"hunter2"}""", "secret")]
    [InlineData("""{"url":"https://hooks.example.org/x","enabled":"yes"}""", "enabled")]
    [InlineData("""{"url":42}""", "url")]
    public async Task Bad_input_is_a_400_naming_the_field(string json, string field)
    {
        using var admin = await Host.AdminClientAsync();

        var response = await admin.PostAsync("/api/webhooks", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task A_subscription_is_created_with_a_generated_secret_shown_once_then_updated_and_deleted()
    {
        using var admin = await Host.AdminClientAsync();

        var created = await WebhookApi.CreateAsync(admin, new { url = "https://hooks.example.org/alertes", events = new[] { "content.published", "content.unpublished" }, excludedSources = new[] { "import" } });
        var id = created["id"].Str();
        var read = await WebhookApi.GetAsync(admin, id);
        var update = await admin.PutAsJsonAsync($"/api/webhooks/{id}", new { enabled = false, contentTypes = new[] { "Article" } });
        var updated = (await update.Content.ReadFromJsonAsync<JsonObject>())!;
        var deleted = await admin.DeleteAsync($"/api/webhooks/{id}");

        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", created["secret"].Str());
        Assert.Null(read["secret"]);
        Assert.Equal(new[] { "content.published", "content.unpublished" }, read["events"]!.AsArray().Select(e => e.Str()));
        Assert.Equal(new[] { "import" }, read["excludedSources"]!.AsArray().Select(e => e.Str()));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.False(updated["enabled"]!.GetValue<bool>());
        Assert.Null(updated["disabledReason"]);
        Assert.Equal(new[] { "Article" }, updated["contentTypes"]!.AsArray().Select(e => e.Str()));
        Assert.Equal("https://hooks.example.org/alertes", updated["url"].Str());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/webhooks/{id}")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_subscription_is_a_404()
    {
        using var admin = await Host.AdminClientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/webhooks/nothere")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/webhooks/nothere/ping", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/webhooks/nothere/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/webhooks/nothere", new { enabled = true })).StatusCode);
    }
}
