using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Api;

public sealed class SmokeTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task Health_is_ok_once_the_setup_recipe_has_run()
    {
        using var client = Host.CreateClient();
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Setup_recipe_publishes_sample_articles_for_anonymous_readers()
    {
        using var client = Host.CreateClient();
        var page = await client.GetFromJsonAsync<JsonObject>("/api/content?type=Article");
        Assert.True(page!["total"]!.GetValue<int>() >= 6);
        Assert.All(page["items"]!.AsArray(), item => Assert.True(item!["Published"]!.GetValue<bool>()));
    }
}
