using Cms.Content;
using Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Cms.Delivery;

/// <summary>Which published items a reader's list takes: a type, items pointing to a term through a field, an owner.</summary>
public sealed record PublishedFilter(string? ContentType = null, string? TermField = null, string? TermId = null, string? OwnerId = null, string? ExceptId = null);

/// <summary>One published item in a sitemap or a feed's index: no document, just what the lists need.</summary>
public sealed record PublishedEntry(string ContentItemId, string? Title, string Path, DateTime? PublishedUtc, DateTime? ModifiedUtc);

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

    /// <summary>Every published item of a type that has a path (for sitemaps), newest first; optionally only recent ones.</summary>
    public async Task<IReadOnlyList<PublishedEntry>> EntriesAsync(string contentType, DateTime? publishedSince = null)
    {
        var versions = Matching(new PublishedFilter(contentType)).Where(v => v.Path != null);
        if (publishedSince is { } since) versions = versions.Where(v => v.PublishedUtc >= since);
        return await versions.OrderByDescending(v => v.PublishedUtc)
            .Select(v => new PublishedEntry(v.ContentItemId, v.DisplayText, v.Path!, v.PublishedUtc, v.ModifiedUtc)).ToListAsync();
    }

    /// <summary>The last change of a published item per term of <paramref name="field"/> ("Article.Category"), for a sitemap's lastmod.</summary>
    public async Task<Dictionary<string, DateTime?>> LatestByTermAsync(string field) =>
        await db.ContentItemTerms.Where(t => t.FieldName == field)
            .Join(Published(), t => t.ContentItemVersionId, v => v.Id, (t, v) => new { t.TermContentItemId, v.ModifiedUtc })
            .GroupBy(x => x.TermContentItemId)
            .Select(g => new { g.Key, Last = g.Max(x => x.ModifiedUtc) })
            .ToDictionaryAsync(g => g.Key, g => g.Last);

    /// <summary>How many published items point to each term of <paramref name="field"/>.</summary>
    public async Task<Dictionary<string, int>> CountByTermAsync(string field) =>
        await db.ContentItemTerms.Where(t => t.FieldName == field)
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
        if (filter.ContentType is { } type) versions = versions.Where(v => v.ContentType == type);
        if (filter.TermId is { } term)
        {
            versions = filter.TermField is { } field
                ? versions.Where(v => v.Terms.Any(t => t.FieldName == field && t.TermContentItemId == term))
                : versions.Where(v => v.Terms.Any(t => t.TermContentItemId == term));
        }
        if (filter.OwnerId is { } owner) versions = versions.Where(v => v.Owner == owner);
        if (filter.ExceptId is { } except) versions = versions.Where(v => v.ContentItemId != except);
        return versions;
    }
}
