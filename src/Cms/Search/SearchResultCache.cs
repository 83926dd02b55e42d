using Cms.Changes;
using Cms.Content;
using Cms.Security;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Cms.Search;

/// <summary>What makes two searches the same answer: the index, the words, the category, the page and the order.</summary>
public sealed record SearchResultKey(string Index, string Query, string? Category, int Page, int PageSize, SearchSort Sort);

/// <summary>
/// Answers of published indexes kept in memory, for the searches readers repeat (a name in the news, the site's
/// search box): a repeated search costs a look-up instead of a match, ten bodies read and ten snippets. Any change
/// readers could find (a publication, an unpublication, a published version rewritten, a category renamed: a
/// change-feed entry that affects what is published, or one that changes everything) empties it, on every node as it
/// reads the feed. Bounded by <see cref="SearchResultCacheOptions.SizeLimitMB"/>; the least used answers go first.
/// </summary>
/// <remarks>
/// An index follows the feed on its own, a little after this node's listeners: just after a change this cache is
/// empty while the index may still answer as before it. An answer is therefore kept only when the index it came from
/// had applied the last change readers could find, and (as in the page cache) only when no change came while it was
/// computed.
/// </remarks>
public sealed class SearchResultCache(IOptions<SearchOptions> options) : IChangeFeedListener, IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1L, options.Value.ResultCache.SizeLimitMB) * 1024 * 1024 });
    private long _generation;
    private long _changedThrough;

    public bool Enabled => options.Value.ResultCache.Enabled;

    /// <summary>Read before a search starts (before the index's position): what <see cref="Keep"/> checks the answer against.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(SearchResultKey key, out SearchResults results)
    {
        if (_cache.TryGetValue(key, out var value) && value is SearchResults found)
        {
            results = found;
            return true;
        }
        results = null!;
        return false;
    }

    /// <summary>
    /// Keeps <paramref name="results"/>, computed in <paramref name="generation"/> on an index that had applied the feed up
    /// to <paramref name="indexPosition"/>, unless that index was behind the last change readers could find or a change
    /// has come since.
    /// </summary>
    public void Keep(SearchResultKey key, SearchResults results, long generation, long indexPosition)
    {
        if (indexPosition < Interlocked.Read(ref _changedThrough) || Interlocked.Read(ref _generation) != generation) return;
        _cache.Set(key, results, new MemoryCacheEntryOptions { Size = SizeOf(key, results) });
        if (Interlocked.Read(ref _generation) != generation) _cache.Remove(key);
    }

    public ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (!entries[i].AffectsPublished && !entries[i].ChangesEverything) continue;
            Clear(entries[i].Sequence);
            break;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        Clear(Interlocked.Read(ref _changedThrough));
        return ValueTask.CompletedTask;
    }

    private void Clear(long changedThrough)
    {
        // The position first, then the generation: a search that reads the new generation also sees the new position.
        Interlocked.Exchange(ref _changedThrough, Math.Max(changedThrough, Interlocked.Read(ref _changedThrough)));
        Interlocked.Increment(ref _generation);
        _cache.Clear();
    }

    public void Dispose() => _cache.Dispose();

    // About what an answer takes in memory: its strings (two bytes a character and a header each) and its objects.
    private static long SizeOf(SearchResultKey key, SearchResults results)
    {
        var size = 256L + Text(key.Query) + Text(key.Category) + Text(key.Index);
        foreach (var hit in results.Items)
        {
            size += 96 + Text(hit.ContentItemId) + Text(hit.Title) + Text(hit.Path) + Text(hit.CategorySlug) + Text(hit.CategoryName) + Text(hit.Snippet);
        }
        foreach (var facet in results.CategoryFacets) size += 48 + Text(facet.Slug) + Text(facet.Name);
        return size;
    }

    private static long Text(string? text) => text is null ? 0 : 24 + 2L * text.Length;
}

/// <summary>
/// The search readers reach (the API, the site's search page): answers of published indexes come from the
/// <see cref="SearchResultCache"/> when it has them. A published index shows everyone the same answer (it holds only
/// published versions and filters nothing by user), so a signed-in reader shares it; an index of latest versions shows
/// each user his own drafts, and is never cached.
/// </summary>
public sealed class CachingContentSearch(ContentSearch search, SearchIndexer indexer, SearchResultCache cache) : IContentSearch
{
    public async Task<Outcome<SearchResults>> SearchAsync(SearchRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!cache.Enabled || indexer.Find(request.Index) is not { Definition.IndexLatest: false } index) return await search.SearchAsync(request, actor, cancellationToken);

        var key = new SearchResultKey(index.Definition.Name, request.Query?.Trim() ?? "", string.IsNullOrEmpty(request.Category) ? null : request.Category,
            request.Page, request.PageSize, request.Sort);
        if (cache.TryGet(key, out var cached)) return cached;
        // In this order: the generation, the index's position, then the search (which takes the index's searcher after both).
        var generation = cache.Generation;
        var position = index.Live?.Cursor;
        var result = await search.SearchAsync(request, actor, cancellationToken);
        // No position: the index was still being built, and answered nothing.
        if (result.Succeeded && position is { } applied) cache.Keep(key, result.Value!, generation, applied);
        return result;
    }
}
