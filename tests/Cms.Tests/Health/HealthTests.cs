using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Media;
using Cms.Tests.Support;

namespace Cms.Tests.Health;

/// <summary>/health/live and /health/ready, and what a full disk does to writes: a 507 naming what could not be written.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task A_running_node_is_live_and_ready_and_says_what_it_checked()
    {
        await using var host = await CmsHost.StartAsync();
        using var client = host.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = (await ready.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        Assert.Equal(["cms", "dataFolder", "search", "storage"], report["checks"]!.AsObject().Select(c => c.Key).Order().ToArray());
        Assert.Equal("Healthy", (await client.GetStringAsync("/health")));
    }

    [Fact]
    public async Task A_data_folder_disk_with_less_free_space_than_configured_makes_the_node_not_ready_but_still_live()
    {
        await using var host = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:Health:MinFreeDiskBytes"] = (1L << 60).ToString() });
        using var client = host.CreateClient();

        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var report = (await ready.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Unhealthy", report["checks"]!["dataFolder"]!["status"]!.GetValue<string>());
        Assert.Contains("less than the", report["checks"]!["dataFolder"]!["description"]!.GetValue<string>());
        Assert.Contains("Cms:Health:MinFreeDiskBytes", report["checks"]!["dataFolder"]!["description"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task An_upload_onto_a_full_disk_is_507_naming_the_file_keeps_nothing_and_the_node_is_not_ready_until_a_write_succeeds()
    {
        var disk = new DiskFault();
        await using var host = await CmsHost.StartAsync(services: disk.Install);
        using var author = await host.CreateUserAsync("Author");
        using var anonymous = host.CreateClient();
        var folder = "plein/" + Guid.NewGuid().ToString("n")[..8];
        var image = TestImages.Png(40, 30);

        disk.MediaFull = true;
        var refused = await MediaApiClient.UploadAsync(author.Client, image, "photo.png", folder);

        Assert.Equal((HttpStatusCode)507, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Insufficient Storage", problem["title"]!.GetValue<string>());
        Assert.Contains($"the media file {folder}/photo.png could not be written", problem["detail"]!.GetValue<string>());
        Assert.DoesNotContain("/data/media", problem.ToJsonString());
        var listing = await author.Client.GetFromJsonAsync<JsonObject>($"/api/media?folder={folder}");
        Assert.Empty(listing!["items"]!.AsArray());
        var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains($"the media file {folder}/photo.png could not be written", (await ready.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!["storage"]!["description"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);

        disk.MediaFull = false;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await MediaApiClient.UploadAsync(author.Client, image, "photo.png", folder)).StatusCode);
    }

    [Fact]
    public async Task A_save_onto_a_full_database_disk_is_507_not_a_conflict_and_the_node_is_not_ready_until_a_write_succeeds()
    {
        var disk = new DiskFault();
        await using var host = await CmsHost.StartAsync(services: disk.Install);
        using var author = await host.CreateUserAsync("Author");
        using var anonymous = host.CreateClient();
        var category = await Articles.CategoryIdAsync(author.Client, "defense");

        disk.DatabaseFull = true;
        var refused = await author.Client.PostAsync("/api/content", Articles.Json(Articles.New("Écrit sur un disque plein", category)));

        Assert.Equal((HttpStatusCode)507, refused.StatusCode);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Insufficient Storage", problem["title"]!.GetValue<string>());
        Assert.Contains("the database could not be written", problem["detail"]!.GetValue<string>());
        var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var storage = (await ready.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!["storage"]!;
        Assert.Equal("Unhealthy", storage["status"]!.GetValue<string>());
        Assert.Contains("the database could not be written", storage["description"]!.GetValue<string>());

        disk.DatabaseFull = false;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await author.Client.PostAsync("/api/content", Articles.Json(Articles.New("Écrit après", category)))).StatusCode);
    }
}
