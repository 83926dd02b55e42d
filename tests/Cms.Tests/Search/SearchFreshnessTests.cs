using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using static Cms.Tests.Search.SearchClient;

namespace Cms.Tests.Search;

public sealed class SearchFreshnessTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    // How soon is the search benchmark's to measure (publish → searchable, p50 and p99), not a test's.
    [Fact]
    public async Task A_published_article_becomes_searchable()
    {
        var word = UniqueWord();
        using var admin = await Host.AdminClientAsync();
        var category = await Articles.CategoryIdAsync(admin, "economie");
        var id = (await Articles.CreateAsync(admin, Articles.New($"Inflation {word}", category)))["ContentItemId"]!.GetValue<string>();
        using var reader = Host.CreateClient();
        Assert.DoesNotContain(id, Ids(await SearchAsync(reader, Q(word))));

        Assert.True((await Articles.TransitionAsync(admin, id, "publish")).IsSuccessStatusCode);
        var (results, _) = await WaitForAsync(reader, Q(word), r => Ids(r).Contains(id));

        Assert.Contains(id, Ids(results));
    }

    [Fact]
    public async Task Unpublishing_removes_an_article_from_the_results()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        var id = await PublishedArticleAsync(Host, admin, $"Chômage {word}", "<p>Les chiffres du chômage.</p>");
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Contains(id));

        Assert.True((await Articles.TransitionAsync(admin, id, "unpublish")).IsSuccessStatusCode);
        var (results, _) = await WaitForAsync(reader, Q(word), r => !Ids(r).Contains(id));
        Assert.DoesNotContain(id, Ids(results));
    }

    [Fact]
    public async Task Deleting_removes_an_article_from_both_indexes()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        var id = await PublishedArticleAsync(Host, admin, $"Retraites {word}", "<p>La réforme des retraites.</p>");
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Contains(id));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/content/{id}")).StatusCode);
        var (results, _) = await WaitForAsync(reader, Q(word), r => !Ids(r).Contains(id));
        Assert.DoesNotContain(id, Ids(results));
        var (latest, _) = await WaitForAsync(admin, Q(word) + "&index=articles-latest", r => !Ids(r).Contains(id));
        Assert.DoesNotContain(id, Ids(latest));
    }

    [Fact]
    public async Task Editing_a_published_article_changes_articles_only_once_the_draft_is_published()
    {
        using var admin = await Host.AdminClientAsync();
        var before = UniqueWord();
        var after = UniqueWord();
        var category = await Articles.CategoryIdAsync(admin, "politique");
        var created = await Articles.CreateAsync(admin, Articles.New($"Sénat {before}", category));
        var id = created["ContentItemId"]!.GetValue<string>();
        var published = await Articles.ReadAsync(await Articles.TransitionAsync(admin, id, "publish"));
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(before), r => Ids(r).Contains(id));

        var saved = await Articles.SaveAsync(admin, id, published["ContentItemVersionId"]!.GetValue<string>(), Articles.New($"Sénat {after}", category));
        Assert.True(saved.IsSuccessStatusCode);
        await WaitForAsync(admin, Q(after) + "&index=articles-latest", r => Ids(r).Contains(id));
        Assert.Contains(id, Ids(await SearchAsync(reader, Q(before))));
        Assert.Empty(Ids(await SearchAsync(reader, Q(after))));

        Assert.True((await Articles.TransitionAsync(admin, id, "publish")).IsSuccessStatusCode);
        var (results, _) = await WaitForAsync(reader, Q(after), r => Ids(r).Contains(id));
        Assert.Contains(id, Ids(results));
        Assert.Empty(Ids(await SearchAsync(reader, Q(before))));
    }

    [Fact]
    public async Task A_renamed_category_shows_its_new_name_in_results_and_facets()
    {
        using var admin = await Host.AdminClientAsync();
        var created = await Articles.ReadAsync(await admin.PostAsJsonAsync("/api/categories", new { name = $"Sciences {Guid.NewGuid().ToString("n")[..6]}" }));
        var categoryId = created["contentItemId"]!.GetValue<string>();
        var word = UniqueWord();
        var article = await Articles.CreateAsync(admin, Articles.New($"Espace {word}", categoryId));
        var id = article["ContentItemId"]!.GetValue<string>();
        Assert.True((await Articles.TransitionAsync(admin, id, "publish")).IsSuccessStatusCode);
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Contains(id));

        var newName = $"Sciences et espace {Guid.NewGuid().ToString("n")[..6]}";
        var renamed = await Articles.ReadAsync(await admin.PutAsJsonAsync($"/api/categories/{categoryId}", new { name = newName }));
        var slug = renamed["slug"]!.GetValue<string>();

        var (results, _) = await WaitForAsync(reader, Q(word) + "&category=" + slug, r => Ids(r).Contains(id));
        var item = results["items"]!.AsArray().Single()!;
        Assert.Equal(slug, item["category"]!.GetValue<string>());
        Assert.Equal(newName, item["categoryName"]!.GetValue<string>());
        var facet = results["facets"]!["category"]!.AsArray().Single()!;
        Assert.Equal(slug, facet["slug"]!.GetValue<string>());
        Assert.Equal(newName, facet["name"]!.GetValue<string>());
        Assert.Equal(1, facet["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Facets_count_the_matches_per_category_whatever_category_is_chosen()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        var ids = new List<string>
        {
            await PublishedArticleAsync(Host, admin, $"Match {word} un", "<p>Texte.</p>", "sport"),
            await PublishedArticleAsync(Host, admin, $"Match {word} deux", "<p>Texte.</p>", "sport"),
            await PublishedArticleAsync(Host, admin, $"Concert {word}", "<p>Texte.</p>", "culture"),
        };
        using var reader = Host.CreateClient();
        var (all, _) = await WaitForAsync(reader, Q(word), r => r["total"]!.GetValue<int>() == 3);

        Assert.Equal(3, all["total"]!.GetValue<int>());
        var counts = all["facets"]!["category"]!.AsArray().ToDictionary(f => f!["slug"]!.GetValue<string>(), f => f!["count"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, int> { ["sport"] = 2, ["culture"] = 1 }, counts);

        var sport = await SearchAsync(reader, Q(word) + "&category=sport");
        Assert.Equal(2, sport["total"]!.GetValue<int>());
        Assert.All(sport["items"]!.AsArray(), i => Assert.Equal("sport", i!["category"]!.GetValue<string>()));
        Assert.Equal(2, sport["facets"]!["category"]!.AsArray().Count);
    }

    [Fact]
    public async Task Results_page_and_sort_by_date()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await PublishedArticleAsync(Host, admin, $"Dépêche {i} {word}", "<p>Texte.</p>"));
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => r["total"]!.GetValue<int>() == 3);

        var byDate = await SearchAsync(reader, Q(word) + "&sort=date&pageSize=2");
        Assert.Equal(3, byDate["total"]!.GetValue<int>());
        Assert.Equal([ids[2], ids[1]], Ids(byDate));
        Assert.Equal([ids[0]], Ids(await SearchAsync(reader, Q(word) + "&sort=date&pageSize=2&page=2")));
    }

    [Fact]
    public async Task The_page_size_is_capped()
    {
        using var reader = Host.CreateClient();
        var response = await reader.GetAsync("/api/search?q=koursk&pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(response))["errors"]!["pageSize"]);
    }
}
