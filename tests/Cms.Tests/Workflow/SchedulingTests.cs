using System.Net;
using Cms.Tests.Support;

namespace Cms.Tests.Workflow;

public sealed class SchedulingTests
{
    private static async Task<bool> BecomesVisibleAsync(CmsHost host, string id, TimeSpan within)
    {
        using var reader = host.CreateClient();
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if ((await reader.GetAsync($"/api/content/{id}")).StatusCode == HttpStatusCode.OK) return true;
            await Task.Delay(200);
        }
        return false;
    }

    [Fact]
    public async Task A_scheduled_article_goes_live_by_itself()
    {
        await using var host = await CmsHost.StartAsync();
        using var editor = await host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(editor.Client, "defense");
        var id = (await Articles.CreateAsync(editor.Client, Articles.New("Programmé", category)))["ContentItemId"]!.GetValue<string>();
        var response = await Articles.TransitionAsync(editor.Client, id, "schedule", new { publishAtUtc = DateTime.UtcNow.AddSeconds(2).ToString("O") });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var reader = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/content/{id}")).StatusCode);
        Assert.True(await BecomesVisibleAsync(host, id, TimeSpan.FromSeconds(15)));
        var published = await Articles.ReadAsync(await reader.GetAsync($"/api/content/{id}"));
        Assert.Equal("Published", published["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_publication_due_while_the_server_was_down_happens_at_the_next_start()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "cms-tests", Guid.NewGuid().ToString("n"));
        string id;
        await using (var host = await CmsHost.StartAsync(dataPath))
        {
            using var editor = await host.CreateUserAsync("Editor");
            var category = await Articles.CategoryIdAsync(editor.Client, "defense");
            id = (await Articles.CreateAsync(editor.Client, Articles.New("Pendant l’arrêt", category)))["ContentItemId"]!.GetValue<string>();
            await Articles.TransitionAsync(editor.Client, id, "schedule", new { publishAtUtc = DateTime.UtcNow.AddSeconds(1.5).ToString("O") });
        }
        await Task.Delay(2000);
        await using (var host = await CmsHost.StartAsync(dataPath))
        {
            Assert.True(await BecomesVisibleAsync(host, id, TimeSpan.FromSeconds(15)));
        }
        CmsHost.DeleteData(dataPath);
    }
}
