using Cms.Content;
using Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Cms.Delivery;

/// <summary>
/// Which published items a reader's list takes: of some types, pointing to a term (term ids are unique across
/// taxonomies, so the field does not matter), of an owner, all but one.
/// </summary>
public sealed record PublishedFilter(IReadOnlyCollection<string>? ContentTypes = null, string? TermId = null, string? OwnerId = null, string? ExceptId = null)
{
    /// <summary>Items with any of these terms (a parent category and its children).</summary>
    public IReadOnlyCollection<string>? AnyTermIds { get; init; }
}

/// <summary>One published item in a sitemap or a feed's index: no document, just what the lists need.</summary>
/// <summary>A published item with a path; <c>UpdatedUtc</c> is when readers were last told it changed (the sitemap's lastmod).</summary>
public sealed record PublishedEntry(string ContentItemId, string? Title, string Path, DateTime? PublishedUtc, DateTime? UpdatedUtc);

/// <summary>
/// The one way readers' answers read the store: published versions only, newest first, whatever the caller asks. The
/// API, the site, feeds, sitemaps, category counts and the media library's "shown by" all come through here, so no
/// reader's channel can reach a draft by querying the table its own way.
/// </summary>
public sealed class PublishedContent(CmsDbContext db, DatabaseDialect dialect)
{
    /// <summary>The published version of an item as readers get it, or null.</summary>
    public async Task<PublishedDocument?> FindAsync(string contentItemId, CancellationToken cancellationToken = default)
    {
        var row = await Published().Where(v => v.ContentItemId == contentItemId)
            .Select(v => new { v.Json, v.ContentItemVersionId, v.ModifiedUtc }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new PublishedDocument(System.Text.Encoding.UTF8.GetBytes(row.Json), $"\"{row.ContentItemVersionId}\"", row.ModifiedUtc);
    }

    /// <summary>The published item that owns a path, or null: drafts, items in review and scheduled ones have no public path.</summary>
    public async Task<ContentItem?> ByPathAsync(string path)
    {
        var json = await Published().Where(v => v.Path == path).Select(v => v.Json).FirstOrDefaultAsync();
        return json is null ? null : ContentItemJson.Parse(json);
    }

    public Task<int> CountAsync(PublishedFilter filter) => Matching(filter).CountAsync();

    /// <summary>The documents of a page of matching items, newest publication first, as stored.</summary>
    public async Task<IReadOnlyList<string>> NewestJsonAsync(PublishedFilter filter, int skip, int take) =>
        await Matching(filter).OrderByDescending(v => v.PublishedUtc).ThenByDescending(v => v.Id)
            .Skip(skip).Take(take).Select(v => v.Json).ToListAsync();

    public async Task<IReadOnlyList<ContentItem>> NewestAsync(PublishedFilter filter, int skip, int take) =>
        (await NewestJsonAsync(filter, skip, take)).Select(ContentItemJson.Parse).ToList();

    /// <summary>
    /// The documents of published versions as <paramref name="refine"/> filters, orders and pages them (the GraphQL API's
    /// lists): it is handed published versions only, so no filter can reach a draft.
    /// </summary>
    public Task<string[]> QueryJsonAsync(Func<IQueryable<ContentItemVersion>, IQueryable<ContentItemVersion>> refine,
        CancellationToken cancellationToken = default) =>
        refine(Published()).Select(v => v.Json).ToArrayAsync(cancellationToken);

    /// <summary>The published documents of several items in one query, by item id; items with no published version are absent.</summary>
    public async Task<IReadOnlyDictionary<string, string>> FindManyJsonAsync(IReadOnlyCollection<string> contentItemIds, CancellationToken cancellationToken = default) =>
        await Published().Where(v => contentItemIds.Contains(v.ContentItemId))
            .Select(v => new { v.ContentItemId, v.Json }).ToDictionaryAsync(v => v.ContentItemId, v => v.Json, cancellationToken);

    /// <summary>Every published item of some types that has a path (for sitemaps), newest first; optionally only recent ones.</summary>
    public async Task<IReadOnlyList<PublishedEntry>> EntriesAsync(IReadOnlyCollection<string>? contentTypes, DateTime? publishedSince = null)
    {
        var versions = Matching(new PublishedFilter(contentTypes)).Where(v => v.Path != null);
        if (publishedSince is { } since) versions = versions.Where(v => v.PublishedUtc >= since);
        return await versions.OrderByDescending(v => v.PublishedUtc)
            .Select(v => new PublishedEntry(v.ContentItemId, v.DisplayText, v.Path!, v.PublishedUtc, v.UpdatedUtc ?? v.ModifiedUtc)).ToListAsync();
    }

    /// <summary>The last update readers were told of (see <see cref="PublishedEntry"/>) among the published items pointing to each term, for a sitemap's lastmod.</summary>
    public async Task<Dictionary<string, DateTime?>> LatestByTermAsync() =>
        await db.ContentItemTerms
            .Join(Published(), t => t.ContentItemVersionId, v => v.Id, (t, v) => new { t.TermContentItemId, Updated = v.UpdatedUtc ?? v.ModifiedUtc })
            .GroupBy(x => x.TermContentItemId)
            .Select(g => new { g.Key, Last = g.Max(x => x.Updated) })
            .ToDictionaryAsync(g => g.Key, g => g.Last);

    /// <summary>How many published items point to each term.</summary>
    public async Task<Dictionary<string, int>> CountByTermAsync() =>
        await db.ContentItemTerms
            .Join(Published(), t => t.ContentItemVersionId, v => v.Id, (t, v) => t.TermContentItemId)
            .GroupBy(term => term)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);

    /// <summary>The published items whose document names <paramref name="text"/> somewhere (a media path): candidates, to check by parsing.</summary>
    public async Task<IReadOnlyList<(string ContentItemId, string Json)>> ContainingAsync(string text) =>
        (await dialect.PublishedContaining(db, text).Select(v => new { v.ContentItemId, v.Json }).ToListAsync())
            .Select(r => (r.ContentItemId, r.Json)).ToList();

    private IQueryable<ContentItemVersion> Published() => db.ContentItemVersions.AsNoTracking().Where(v => v.Published);

    private IQueryable<ContentItemVersion> Matching(PublishedFilter filter)
    {
        var versions = Published();
        if (filter.ContentTypes is { Count: 1 } one)
        {
            var type = one.First();
            versions = versions.Where(v => v.ContentType == type);
        }
        else if (filter.ContentTypes is { } types)
        {
            versions = versions.Where(v => types.Contains(v.ContentType));
        }
        if (filter.TermId is { } term) versions = versions.Where(v => v.Terms.Any(t => t.TermContentItemId == term));
        if (filter.AnyTermIds is { } anyTerms) versions = versions.Where(v => v.Terms.Any(t => anyTerms.Contains(t.TermContentItemId)));
        if (filter.OwnerId is { } owner) versions = versions.Where(v => v.Owner == owner);
        if (filter.ExceptId is { } except) versions = versions.Where(v => v.ContentItemId != except);
        return versions;
    }
}
