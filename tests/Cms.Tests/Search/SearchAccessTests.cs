using System.Net;
using System.Net.Http.Json;
using Cms.Recipes;
using Cms.Security;
using Cms.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Cms.Tests.Search.SearchClient;

namespace Cms.Tests.Search;

public sealed class SearchAccessTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task Drafts_items_in_review_and_scheduled_items_never_appear_in_articles()
    {
        var word = UniqueWord();
        using var author = await Host.CreateUserAsync("Author");
        using var editor = await Host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(editor.Client, "culture");
        var draft = (await Articles.CreateAsync(author.Client, Articles.New($"Brouillon {word}", category)))["ContentItemId"]!.GetValue<string>();
        var inReview = (await Articles.CreateAsync(author.Client, Articles.New($"En relecture {word}", category)))["ContentItemId"]!.GetValue<string>();
        Assert.True((await Articles.TransitionAsync(author.Client, inReview, "submit")).IsSuccessStatusCode);
        var scheduled = (await Articles.CreateAsync(editor.Client, Articles.New($"Programmé {word}", category)))["ContentItemId"]!.GetValue<string>();
        Assert.True((await Articles.TransitionAsync(editor.Client, scheduled, "schedule", new { publishAtUtc = DateTime.UtcNow.AddDays(1) })).IsSuccessStatusCode);

        // The editors' index shows all three: once it does, the readers' index has seen the same tasks.
        var (latest, _) = await WaitForAsync(editor.Client, Q(word) + "&index=articles-latest", r => Ids(r).Count == 3);
        Assert.Equal(3, Ids(latest).Count);
        using var reader = Host.CreateClient();
        Assert.Empty(Ids(await SearchAsync(reader, Q(word))));
        Assert.Empty(Ids(await SearchAsync(editor.Client, Q(word))));
        Assert.DoesNotContain(draft, Ids(await SearchAsync(reader, Q(word) + "&index=articles")));
    }

    [Fact]
    public async Task An_author_sees_only_his_own_items_in_articles_latest()
    {
        var word = UniqueWord();
        using var alice = await Host.CreateUserAsync("Author");
        using var bob = await Host.CreateUserAsync("Author");
        using var editor = await Host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(alice.Client, "sport");
        var hers = (await Articles.CreateAsync(alice.Client, Articles.New($"Le match {word}", category)))["ContentItemId"]!.GetValue<string>();
        var his = (await Articles.CreateAsync(bob.Client, Articles.New($"La course {word}", category)))["ContentItemId"]!.GetValue<string>();

        var (all, _) = await WaitForAsync(editor.Client, Q(word) + "&index=articles-latest", r => Ids(r).Count == 2);
        Assert.Equal(2, Ids(all).Count);
        Assert.Equal([hers], Ids(await SearchAsync(alice.Client, Q(word) + "&index=articles-latest")));
        Assert.Equal([his], Ids(await SearchAsync(bob.Client, Q(word) + "&index=articles-latest")));
    }

    [Fact]
    public async Task Articles_latest_follows_the_preview_rule_a_user_who_may_neither_preview_nor_edit_his_own_gets_403()
    {
        // A role that may edit content but not preview it (nor own any): it sees no draft anywhere else in the API.
        var role = "Correcteur" + Guid.NewGuid().ToString("n")[..6];
        await Host.Services.GetRequiredService<RecipeRunner>().RunAsync(Recipe.Read("roles.recipe.json", $$"""
        { "name": "roles", "steps": [ { "name": "Roles", "Roles": [ { "Name": "{{role}}", "Permissions": [ "ViewContent", "EditContent" ] } ] } ] }
        """), Actor.System, null);
        using var user = await Host.CreateUserAsync(role);

        var response = await user.Client.GetAsync("/api/search?q=koursk&index=articles-latest");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/search?q=koursk&index=articles")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_query_articles_latest()
    {
        using var reader = Host.CreateClient();
        var response = await reader.GetAsync("/api/search?q=koursk&index=articles-latest");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_index_is_a_bad_request_naming_index()
    {
        using var reader = Host.CreateClient();
        var response = await reader.GetAsync("/api/search?q=koursk&index=nope");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(response))["errors"]!["index"]);
    }

    [Fact]
    public async Task Index_management_needs_ManageSearchIndexes()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        using var reader = Host.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Client.GetAsync("/api/search/indexes")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/api/search/indexes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Client.PostAsync("/api/search/indexes/articles/rebuild", null)).StatusCode);
    }

    [Fact]
    public async Task Administrators_list_the_indexes_with_counts_and_cursors()
    {
        using var admin = await Host.AdminClientAsync();
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q("koursk"), r => Ids(r).Contains("4art1c1e0000000000000000a2"));
        var list = await admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/search/indexes");
        var articles = list!["indexes"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "articles")!;
        Assert.True(articles["documentCount"]!.GetValue<int>() >= 6);
        Assert.True(articles["cursor"]!.GetValue<long>() > 0);
        Assert.False(articles["indexLatest"]!.GetValue<bool>());
        Assert.Contains(list["indexes"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "articles-latest" && i["indexLatest"]!.GetValue<bool>());
    }
}
