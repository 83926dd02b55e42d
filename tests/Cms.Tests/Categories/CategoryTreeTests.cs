using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Categories;

/// <summary>Categories as a tree, as Orchard's taxonomies nest terms: sub-categories through the API, and their parent's page.</summary>
public sealed class CategoryTreeTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task A_sub_category_is_made_and_moved_through_the_API_and_its_parents_page_lists_its_articles()
    {
        using var admin = await Host.AdminClientAsync();
        var suffix = Guid.NewGuid().ToString("n")[..6];
        var parent = await CreateAsync(admin, new JsonObject { ["name"] = $"Sports {suffix}", ["slug"] = $"sports-{suffix}" });
        var child = await CreateAsync(admin, new JsonObject { ["name"] = $"Rugby {suffix}", ["slug"] = $"rugby-{suffix}", ["parentContentItemId"] = parent });
        var article = await Articles.CreateAsync(admin, Articles.New($"Le XV lyonnais l’emporte {suffix}", child));
        var id = article["ContentItemId"]!.GetValue<string>();
        Assert.True((await Articles.TransitionAsync(admin, id, "publish")).IsSuccessStatusCode);

        var list = (await admin.GetFromJsonAsync<JsonObject>("/api/categories"))!["items"]!.AsArray();
        Assert.Equal(parent, list.Single(c => c!["contentItemId"]!.GetValue<string>() == child)!["parentContentItemId"]!.GetValue<string>());
        using var reader = Host.CreateClient();
        var parentPage = await reader.GetStringAsync($"/categorie/sports-{suffix}");
        Assert.Contains($"Le XV lyonnais l’emporte {suffix}", parentPage);
        var childPage = await reader.GetAsync($"/categorie/rugby-{suffix}");
        Assert.Equal(HttpStatusCode.OK, childPage.StatusCode);
        Assert.Contains($"Le XV lyonnais l’emporte {suffix}", await childPage.Content.ReadAsStringAsync());
        // The parent's feed and the API's category filter take the child's articles in too; the child's own filter still finds it.
        Assert.Contains($"Le XV lyonnais l’emporte {suffix}", await reader.GetStringAsync($"/categorie/sports-{suffix}/rss"));
        var byParent = (await reader.GetFromJsonAsync<JsonObject>($"/api/content?category=sports-{suffix}"))!;
        Assert.Contains(byParent["items"]!.AsArray(), i => i!["ContentItemId"]!.GetValue<string>() == id);
        var byChild = (await reader.GetFromJsonAsync<JsonObject>($"/api/content?category=rugby-{suffix}"))!;
        Assert.Contains(byChild["items"]!.AsArray(), i => i!["ContentItemId"]!.GetValue<string>() == id);

        var moved = await admin.PutAsJsonAsync($"/api/categories/{child}", new JsonObject { ["parentContentItemId"] = null });
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        list = (await admin.GetFromJsonAsync<JsonObject>("/api/categories"))!["items"]!.AsArray();
        Assert.Null(list.Single(c => c!["contentItemId"]!.GetValue<string>() == child)!["parentContentItemId"]);
        var underItself = await admin.PutAsJsonAsync($"/api/categories/{parent}", new JsonObject { ["parentContentItemId"] = parent });
        Assert.Equal(HttpStatusCode.BadRequest, underItself.StatusCode);
        Assert.Contains("parentContentItemId", await underItself.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_sub_category_takes_a_slug_no_other_category_of_the_tree_has()
    {
        using var admin = await Host.AdminClientAsync();
        var suffix = Guid.NewGuid().ToString("n")[..6];
        var parent = await CreateAsync(admin, new JsonObject { ["name"] = $"Culture {suffix}", ["slug"] = $"culture-{suffix}" });

        var response = await admin.PostAsJsonAsync("/api/categories", new JsonObject { ["name"] = "Doublon", ["slug"] = $"culture-{suffix}", ["parentContentItemId"] = parent });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("slug", await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> CreateAsync(HttpClient admin, JsonObject body)
    {
        var response = await admin.PostAsJsonAsync("/api/categories", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["contentItemId"]!.GetValue<string>();
    }
}
