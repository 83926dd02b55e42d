using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Search;
using Cms.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Cms.Tests.Search.SearchClient;

namespace Cms.Tests.Search;

/// <summary>
/// The result cache: repeated searches of the published index are answered from memory, and every change readers could
/// find in the answer empties it. Each test first makes sure the answer it will change is kept, then changes it, and
/// searches until the answer shows the change: a cache that kept the old answer fails the test at the deadline.
/// </summary>
public sealed class SearchResultCacheTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;
    private SearchResultCache Cache => Host.Services.GetRequiredService<SearchResultCache>();

    private static SearchResultKey Key(string words, string? category = null, int page = 1, int pageSize = 10, SearchSort sort = SearchSort.Relevance, string index = "articles") =>
        new(index, words, category, page, pageSize, sort);

    /// <summary>Searches until the answer is kept (the index may still be applying an earlier change); returns it.</summary>
    private async Task<JsonObject> SearchUntilKeptAsync(HttpClient client, string query, SearchResultKey key)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var results = await SearchAsync(client, query);
            if (Cache.TryGet(key, out _)) return results;
            Assert.True(DateTime.UtcNow < deadline, $"The answer to {query} was never kept.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_repeated_search_is_answered_from_the_cache_with_the_same_answer()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        var id = await PublishedArticleAsync(Host, admin, $"Budget {word}", "<p>Le budget voté.</p>");
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Contains(id));

        var first = await SearchUntilKeptAsync(reader, Q(word), Key(word));
        Assert.True(Cache.TryGet(Key(word), out var kept));
        Assert.Equal([id], kept.Items.Select(i => i.ContentItemId));
        Assert.Equal(first.ToJsonString(), (await SearchAsync(reader, Q(word))).ToJsonString());
    }

    [Fact]
    public async Task A_cached_answer_is_dropped_when_an_article_is_published()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        using var reader = Host.CreateClient();
        var before = await SearchUntilKeptAsync(reader, Q(word), Key(word));
        Assert.Empty(Ids(before));

        var id = await PublishedArticleAsync(Host, admin, $"Élections {word}", "<p>Le scrutin.</p>");

        var (after, _) = await WaitForAsync(reader, Q(word), r => Ids(r).Contains(id));
        Assert.Equal([id], Ids(after));
    }

    [Fact]
    public async Task A_cached_answer_is_dropped_when_an_article_is_unpublished()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        var id = await PublishedArticleAsync(Host, admin, $"Grève {word}", "<p>Les syndicats.</p>");
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Contains(id));
        Assert.Equal([id], Ids(await SearchUntilKeptAsync(reader, Q(word), Key(word))));

        Assert.True((await Articles.TransitionAsync(admin, id, "unpublish")).IsSuccessStatusCode);

        var (after, _) = await WaitForAsync(reader, Q(word), r => Ids(r).Count == 0);
        Assert.Empty(Ids(after));
    }

    [Fact]
    public async Task A_cached_answer_is_kept_while_a_draft_is_edited_and_dropped_when_it_is_republished()
    {
        using var admin = await Host.AdminClientAsync();
        var before = UniqueWord();
        var after = UniqueWord();
        var category = await Articles.CategoryIdAsync(admin, "economie");
        var created = await Articles.CreateAsync(admin, Articles.New($"Inflation {before}", category));
        var id = created["ContentItemId"]!.GetValue<string>();
        var published = await Articles.ReadAsync(await Articles.TransitionAsync(admin, id, "publish"));
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(before), r => Ids(r).Contains(id));

        // The first draft after a publication also rewrites the published version (no longer the latest): it empties the
        // cache. The answers are kept again, then a second edit of the draft changes nothing readers can find.
        var draft = await Articles.SaveAsync(admin, id, published["ContentItemVersionId"]!.GetValue<string>(), Articles.New($"Inflation {after}", category));
        Assert.True(draft.IsSuccessStatusCode);
        await WaitForAsync(admin, Q(after) + "&index=articles-latest", r => Ids(r).Contains(id));
        Assert.Equal([id], Ids(await SearchUntilKeptAsync(reader, Q(before), Key(before))));
        Assert.Empty(Ids(await SearchUntilKeptAsync(reader, Q(after), Key(after))));
        var edited = await Articles.SaveAsync(admin, id, (await Articles.ReadAsync(draft))["ContentItemVersionId"]!.GetValue<string>(),
            Articles.New($"Inflation {after}", category, "<p>Texte corrigé.</p>"));
        Assert.True(edited.IsSuccessStatusCode);
        Assert.True(Cache.TryGet(Key(before), out _));
        Assert.Equal([id], Ids(await SearchAsync(reader, Q(before))));

        Assert.True((await Articles.TransitionAsync(admin, id, "publish")).IsSuccessStatusCode);

        var (found, _) = await WaitForAsync(reader, Q(after), r => Ids(r).Contains(id));
        Assert.Equal([id], Ids(found));
        var (gone, _) = await WaitForAsync(reader, Q(before), r => Ids(r).Count == 0);
        Assert.Empty(Ids(gone));
    }

    [Fact]
    public async Task A_cached_answer_is_dropped_when_its_category_is_renamed()
    {
        using var admin = await Host.AdminClientAsync();
        var created = await Articles.ReadAsync(await admin.PostAsJsonAsync("/api/categories", new { name = $"Sciences {Guid.NewGuid().ToString("n")[..6]}" }));
        var categoryId = created["contentItemId"]!.GetValue<string>();
        var word = UniqueWord();
        var id = (await Articles.CreateAsync(admin, Articles.New($"Espace {word}", categoryId)))["ContentItemId"]!.GetValue<string>();
        Assert.True((await Articles.TransitionAsync(admin, id, "publish")).IsSuccessStatusCode);
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Contains(id));
        var kept = await SearchUntilKeptAsync(reader, Q(word), Key(word));
        Assert.Equal(created["name"]!.GetValue<string>(), kept["items"]![0]!["categoryName"]!.GetValue<string>());

        var newName = $"Sciences et espace {Guid.NewGuid().ToString("n")[..6]}";
        Assert.True((await admin.PutAsJsonAsync($"/api/categories/{categoryId}", new { name = newName })).IsSuccessStatusCode);

        var (renamed, _) = await WaitForAsync(reader, Q(word), r => r["items"]![0]!["categoryName"]!.GetValue<string>() == newName);
        Assert.Equal(newName, renamed["items"]![0]!["categoryName"]!.GetValue<string>());
        Assert.Equal(newName, renamed["facets"]!["category"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_drafts_index_is_never_cached()
    {
        var word = UniqueWord();
        var other = UniqueWord();
        using var alice = await Host.CreateUserAsync("Author");
        using var bob = await Host.CreateUserAsync("Author");
        var category = await Articles.CategoryIdAsync(alice.Client, "culture");
        var created = await Articles.CreateAsync(alice.Client, Articles.New($"Exposition {word}", category));
        var id = created["ContentItemId"]!.GetValue<string>();
        var latest = Q(word) + "&index=articles-latest";
        await WaitForAsync(alice.Client, latest, r => Ids(r).Contains(id));
        Assert.Equal([id], Ids(await SearchAsync(alice.Client, latest)));
        Assert.False(Cache.TryGet(Key(word, index: "articles-latest"), out _));

        // Another user asking the same question gets his own answer, not hers.
        Assert.Empty(Ids(await SearchAsync(bob.Client, latest)));

        // Saving a draft empties no cache (readers see no change): a kept answer would still show the old words.
        var saved = await Articles.SaveAsync(alice.Client, id, created["ContentItemVersionId"]!.GetValue<string>(), Articles.New($"Exposition {other}", category));
        Assert.True(saved.IsSuccessStatusCode);
        var (after, _) = await WaitForAsync(alice.Client, latest, r => Ids(r).Count == 0);
        Assert.Empty(Ids(after));
        Assert.Equal([id], Ids(await SearchAsync(alice.Client, Q(other) + "&index=articles-latest")));
    }

    [Fact]
    public async Task Different_questions_are_kept_apart()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        var otherWord = UniqueWord();
        var sport = await PublishedArticleAsync(Host, admin, $"Match {word}", "<p>Texte.</p>", "sport");
        var culture = await PublishedArticleAsync(Host, admin, $"Concert {word}", "<p>Texte.</p>", "culture");
        var other = await PublishedArticleAsync(Host, admin, $"Festival {otherWord}", "<p>Texte.</p>", "culture");
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Count == 2);
        await WaitForAsync(reader, Q(otherWord), r => Ids(r).Count == 1);

        // Each question twice: the second answer comes from the cache, and must still be its own.
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal([other], Ids(await SearchAsync(reader, Q(otherWord))));
            Assert.Equal(new[] { culture, sport }.Order(), Ids(await SearchAsync(reader, Q(word))).Order());
            Assert.Equal([sport], Ids(await SearchAsync(reader, Q(word) + "&category=sport")));
            Assert.Equal([culture], Ids(await SearchAsync(reader, Q(word) + "&category=culture")));
            Assert.Equal([culture, sport], Ids(await SearchAsync(reader, Q(word) + "&sort=date")));
            Assert.Equal([culture], Ids(await SearchAsync(reader, Q(word) + "&sort=date&pageSize=1")));
        }
        Assert.True(Cache.TryGet(Key(word, "sport"), out var sportOnly));
        Assert.Equal([sport], sportOnly.Items.Select(i => i.ContentItemId));
    }

    [Fact]
    public async Task The_cache_answers_each_page_with_its_own_results()
    {
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await PublishedArticleAsync(Host, admin, $"Dépêche {i} {word}", "<p>Texte.</p>"));
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => r["total"]!.GetValue<int>() == 3);

        var page1 = Q(word) + "&sort=date&pageSize=2";
        var page2 = page1 + "&page=2";
        await SearchUntilKeptAsync(reader, page1, Key(word, pageSize: 2, sort: SearchSort.Date));
        await SearchUntilKeptAsync(reader, page2, Key(word, page: 2, pageSize: 2, sort: SearchSort.Date));

        for (var round = 0; round < 2; round++)
        {
            var first = await SearchAsync(reader, page1);
            Assert.Equal([ids[2], ids[1]], Ids(first));
            Assert.Equal(3, first["total"]!.GetValue<int>());
            Assert.Equal([ids[0]], Ids(await SearchAsync(reader, page2)));
            Assert.Equal([ids[2], ids[1], ids[0]], Ids(await SearchAsync(reader, Q(word) + "&sort=date&pageSize=3")));
        }
    }
}
