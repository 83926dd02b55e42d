using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Categories;

public sealed class CategoryTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    private async Task<JsonObject> CreateCategoryAsync(HttpClient admin, string name, string? slug = null)
    {
        var response = await admin.PostAsJsonAsync("/api/categories", new { name, slug });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Articles.ReadAsync(response);
    }

    [Fact]
    public async Task Everyone_reads_the_seeded_categories_with_slugs()
    {
        using var reader = Host.CreateClient();
        var list = await reader.GetFromJsonAsync<JsonObject>("/api/categories");
        Assert.Equal(Articles.CategoriesTaxonomyId, list!["taxonomyContentItemId"]!.GetValue<string>());
        var slugs = list["items"]!.AsArray().ToDictionary(i => i!["name"]!.GetValue<string>(), i => i!["slug"]!.GetValue<string>());
        Assert.Equal("defense", slugs["Défense"]);
        Assert.Equal("economie", slugs["Économie"]);
        Assert.Equal("international", slugs["International"]);
        Assert.All(list["items"]!.AsArray(), i => Assert.True(i!["articleCount"]!.GetValue<int>() >= 0));
    }

    [Fact]
    public async Task Administrator_creates_a_category_with_a_french_aware_slug()
    {
        using var admin = await Host.AdminClientAsync();
        var name = $"Santé publique {Guid.NewGuid().ToString("n")[..6]}";
        var created = await CreateCategoryAsync(admin, name);
        Assert.Equal(name, created["name"]!.GetValue<string>());
        Assert.StartsWith("sante-publique-", created["slug"]!.GetValue<string>());
        Assert.Equal(0, created["articleCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_slug_already_taken_is_refused()
    {
        using var admin = await Host.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/categories", new { name = "Défense bis", slug = "defense" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(response))["errors"]!["slug"]);
    }

    [Fact]
    public async Task Authors_and_editors_cannot_manage_categories()
    {
        using var author = await Host.CreateUserAsync("Author");
        using var editor = await Host.CreateUserAsync("Editor");
        Assert.Equal(HttpStatusCode.Forbidden, (await author.Client.PostAsJsonAsync("/api/categories", new { name = "Jardinage" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Client.PostAsJsonAsync("/api/categories", new { name = "Jardinage" })).StatusCode);
        using var anonymous = Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/categories", new { name = "Jardinage" })).StatusCode);
    }

    [Fact]
    public async Task Renaming_moves_the_slug_unless_one_is_given()
    {
        using var admin = await Host.AdminClientAsync();
        var created = await CreateCategoryAsync(admin, $"Sciences {Guid.NewGuid().ToString("n")[..6]}");
        var id = created["contentItemId"]!.GetValue<string>();

        var renamed = await Articles.ReadAsync(await admin.PutAsJsonAsync($"/api/categories/{id}", new { name = "Sciences et techniques" }));
        Assert.Equal("sciences-et-techniques", renamed["slug"]!.GetValue<string>());
        var kept = await Articles.ReadAsync(await admin.PutAsJsonAsync($"/api/categories/{id}", new { name = "Sciences & techniques", slug = "sciences" }));
        Assert.Equal("sciences", kept["slug"]!.GetValue<string>());
        Assert.Equal("Sciences & techniques", kept["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_category_in_use_needs_somewhere_to_move_its_articles()
    {
        using var admin = await Host.AdminClientAsync();
        var doomed = (await CreateCategoryAsync(admin, $"Éphémère {Guid.NewGuid().ToString("n")[..6]}"))["contentItemId"]!.GetValue<string>();
        var target = await Articles.CategoryIdAsync(admin, "culture");
        var article = await Articles.CreateAsync(admin, Articles.New("Article d’une rubrique éphémère", doomed));
        var id = article["ContentItemId"]!.GetValue<string>();
        await Articles.TransitionAsync(admin, id, "publish");

        var refused = await admin.DeleteAsync($"/api/categories/{doomed}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(1, (await Articles.ReadAsync(refused))["articleCount"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.DeleteAsync($"/api/categories/{doomed}?moveTo=nowhere")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/categories/{doomed}?moveTo={target}")).StatusCode);

        using var reader = Host.CreateClient();
        var moved = await reader.GetFromJsonAsync<JsonObject>($"/api/content/{id}");
        Assert.Equal(target, moved!["Article"]!["Category"]!["TermContentItemIds"]![0]!.GetValue<string>());
        var list = await reader.GetFromJsonAsync<JsonObject>("/api/categories");
        Assert.DoesNotContain(list!["items"]!.AsArray(), i => i!["contentItemId"]!.GetValue<string>() == doomed);
        var history = await admin.GetFromJsonAsync<JsonObject>($"/api/content/{id}/history");
        Assert.Contains(history!["audit"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "CategoryMoved");
    }

    [Fact]
    public async Task Deleting_an_unused_category_succeeds_and_article_counts_follow_publication()
    {
        using var admin = await Host.AdminClientAsync();
        var category = (await CreateCategoryAsync(admin, $"Compteur {Guid.NewGuid().ToString("n")[..6]}"))["contentItemId"]!.GetValue<string>();
        var article = await Articles.CreateAsync(admin, Articles.New("Compté une fois publié", category));
        async Task<int> CountAsync() => (await admin.GetFromJsonAsync<JsonObject>("/api/categories"))!["items"]!.AsArray()
            .Single(i => i!["contentItemId"]!.GetValue<string>() == category)!["articleCount"]!.GetValue<int>();

        Assert.Equal(0, await CountAsync());
        await Articles.TransitionAsync(admin, article["ContentItemId"]!.GetValue<string>(), "publish");
        Assert.Equal(1, await CountAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/content/{article["ContentItemId"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/categories/{category}")).StatusCode);
    }

    [Fact]
    public async Task An_article_in_an_unknown_category_is_refused()
    {
        using var admin = await Host.AdminClientAsync();
        var response = await admin.PostAsync("/api/content", Articles.Json(Articles.New("Rubrique inconnue", "4n0t4c4teg0ry0000000000000")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(response))["errors"]!["Article.Category.TermContentItemIds"]);
    }

    [Fact]
    public async Task Administrator_moves_a_category_to_another_place_in_the_order()
    {
        using var admin = await Host.AdminClientAsync();
        var created = await CreateCategoryAsync(admin, $"Météo {Guid.NewGuid().ToString("n")[..6]}");
        var id = created["contentItemId"]!.GetValue<string>();

        var response = await admin.PostAsJsonAsync($"/api/categories/{id}/move", new { position = 1 });
        var list = await admin.GetFromJsonAsync<JsonObject>("/api/categories");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, list!["items"]![1]!["contentItemId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Moving_a_category_out_of_range_names_the_position()
    {
        using var admin = await Host.AdminClientAsync();
        var created = await CreateCategoryAsync(admin, $"Hors limites {Guid.NewGuid().ToString("n")[..6]}");

        var response = await admin.PostAsJsonAsync($"/api/categories/{created["contentItemId"]}/move", new { position = 999 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(response))["errors"]!["position"]);
    }

    [Fact]
    public async Task An_author_cannot_reorder_categories()
    {
        var author = await Host.CreateUserAsync("Author");
        var defense = await Articles.CategoryIdAsync(author.Client, "defense");

        var response = await author.Client.PostAsJsonAsync($"/api/categories/{defense}/move", new { position = 0 });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
