using Cms.Categories;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Media;
using Cms.Parts.Taxonomy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Site;

/// <summary>One published article in a sitemap or a feed's index: no document, just what the lists need.</summary>
public sealed record PublishedEntry(string ContentItemId, string? Title, string Path, DateTime? PublishedUtc, DateTime? ModifiedUtc);

/// <summary>What the public site reads from the store: published versions only, whatever the caller asks.</summary>
public sealed class SiteReader(CmsDbContext db, ContentDefinitionStore definitions, TaxonomyCache taxonomies, IOptions<CategoryOptions> categoryOptions)
{
    private string ArticleType => categoryOptions.Value.ContentType;
    public string CategoryField => $"{ArticleType}.{categoryOptions.Value.Field}";
    public const string TagsFieldName = "Tags";
    public string TagsField => $"{ArticleType}.{TagsFieldName}";

    public Task<Taxonomy?> CategoriesAsync() => TaxonomyOfAsync(categoryOptions.Value.Field);

    public Task<Taxonomy?> TagsAsync() => TaxonomyOfAsync(TagsFieldName);

    /// <summary>Published articles, newest first; with a term, only those whose <paramref name="field"/> points to it.</summary>
    public Task<IReadOnlyList<ContentItem>> LatestAsync(int skip, int take, string? field = null, string? termId = null) =>
        NewestAsync(Published(field, termId), skip, take);

    public Task<int> CountAsync(string? field = null, string? termId = null) => Published(field, termId).CountAsync();

    /// <summary>The published item that owns a path, or null: drafts, items in review and scheduled ones have no public path.</summary>
    public async Task<ContentItem?> ByPathAsync(string path)
    {
        var json = await db.ContentItemVersions.AsNoTracking()
            .Where(v => v.Published && v.Path == path)
            .Select(v => v.Json).FirstOrDefaultAsync();
        return json is null ? null : ContentItemJson.Parse(json);
    }

    public async Task<IReadOnlyList<ContentItem>> RelatedAsync(ContentItem article, string? categoryId, int take) =>
        categoryId is null ? [] : await NewestAsync(Published(CategoryField, categoryId).Where(v => v.ContentItemId != article.ContentItemId), 0, take);

    private static async Task<IReadOnlyList<ContentItem>> NewestAsync(IQueryable<ContentItemVersion> versions, int skip, int take)
    {
        var json = await versions.OrderByDescending(v => v.PublishedUtc).ThenByDescending(v => v.Id)
            .Skip(skip).Take(take).Select(v => v.Json).ToListAsync();
        return json.Select(ContentItemJson.Parse).ToList();
    }

    public async Task<IReadOnlyList<PublishedEntry>> EntriesAsync(DateTime? publishedSince = null)
    {
        var versions = Published(null, null).Where(v => v.Path != null);
        if (publishedSince is { } since) versions = versions.Where(v => v.PublishedUtc >= since);
        return await versions.OrderByDescending(v => v.PublishedUtc)
            .Select(v => new PublishedEntry(v.ContentItemId, v.DisplayText, v.Path!, v.PublishedUtc, v.ModifiedUtc)).ToListAsync();
    }

    /// <summary>The latest publication time per category term, for the sitemap's lastmod.</summary>
    public async Task<Dictionary<string, DateTime?>> LatestByTermAsync(string field) =>
        await db.ContentItemTerms.Where(t => t.FieldName == field)
            .Join(db.ContentItemVersions.Where(v => v.Published), t => t.ContentItemVersionId, v => v.Id, (t, v) => new { t.TermContentItemId, v.ModifiedUtc })
            .GroupBy(x => x.TermContentItemId)
            .Select(g => new { g.Key, Last = g.Max(x => x.ModifiedUtc) })
            .ToDictionaryAsync(g => g.Key, g => g.Last);

    public async Task<Dictionary<string, MediaAsset>> MediaAsync(IEnumerable<string> paths)
    {
        var wanted = paths.Distinct().ToList();
        if (wanted.Count == 0) return [];
        return await db.Set<MediaAsset>().AsNoTracking().Where(m => wanted.Contains(m.Path)).ToDictionaryAsync(m => m.Path);
    }

    private IQueryable<ContentItemVersion> Published(string? field, string? termId)
    {
        var type = ArticleType;
        var versions = db.ContentItemVersions.AsNoTracking().Where(v => v.Published && v.ContentType == type);
        if (termId is not null) versions = versions.Where(v => v.Terms.Any(t => t.FieldName == field && t.TermContentItemId == termId));
        return versions;
    }

    private async Task<Taxonomy?> TaxonomyOfAsync(string fieldName)
    {
        var id = definitions.Current.TaxonomyOf(ArticleType, fieldName);
        return id is null ? null : await taxonomies.GetAsync(db, id);
    }
}
