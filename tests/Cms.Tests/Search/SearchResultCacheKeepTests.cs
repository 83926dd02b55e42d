using Cms.Changes;
using Cms.Search;
using Microsoft.Extensions.Options;

namespace Cms.Tests.Search;

/// <summary>
/// When the result cache keeps an answer: the rules that stop it from keeping one computed before a change, whose timing
/// a test over HTTP cannot choose.
/// </summary>
public sealed class SearchResultCacheKeepTests
{
    private static readonly SearchResultKey Key = new("articles", "koursk", null, 1, 10, SearchSort.Relevance);
    private static readonly SearchResults Answer = new(1, [new SearchHit("id", "Koursk", "koursk", null, null, null, "…")], []);

    private static SearchResultCache NewCache() => new(Options.Create(new SearchOptions()));

    private static ChangeFeedEntry Entry(long sequence, bool affectsPublished, string feedEvent = ChangeEvents.ContentPublished) =>
        new() { Sequence = sequence, Event = feedEvent, AffectsPublished = affectsPublished, Source = ChangeSources.Api };

    [Fact]
    public void An_answer_from_an_index_that_had_not_applied_the_last_change_is_not_kept()
    {
        using var cache = NewCache();
        cache.ApplyAsync([Entry(41, affectsPublished: true)], default);
        var generation = cache.Generation;

        cache.Keep(Key, Answer, generation, indexPosition: 40);
        Assert.False(cache.TryGet(Key, out _));

        cache.Keep(Key, Answer, generation, indexPosition: 41);
        Assert.True(cache.TryGet(Key, out var kept));
        Assert.Same(Answer, kept);
    }

    [Fact]
    public void An_answer_computed_across_a_change_is_not_kept()
    {
        using var cache = NewCache();
        var generation = cache.Generation;
        cache.ApplyAsync([Entry(7, affectsPublished: true)], default);

        cache.Keep(Key, Answer, generation, indexPosition: 7);

        Assert.False(cache.TryGet(Key, out _));
    }

    [Fact]
    public void Only_changes_readers_could_find_empty_it()
    {
        using var cache = NewCache();
        cache.Keep(Key, Answer, cache.Generation, indexPosition: 0);

        cache.ApplyAsync([Entry(1, affectsPublished: false, ChangeEvents.ContentUpdated), Entry(2, affectsPublished: false, ChangeEvents.ContentTransitioned)], default);
        Assert.True(cache.TryGet(Key, out _));

        cache.ApplyAsync([Entry(3, affectsPublished: false, ChangeEvents.DefinitionsChanged)], default);
        Assert.False(cache.TryGet(Key, out _));
    }

    [Fact]
    public void A_reset_empties_it()
    {
        using var cache = NewCache();
        cache.Keep(Key, Answer, cache.Generation, indexPosition: 0);

        cache.ResetAsync(default);

        Assert.False(cache.TryGet(Key, out _));
    }
}
