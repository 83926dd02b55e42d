using Cms.Categories;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Delivery;
using Cms.Media;
using Cms.Parts.Taxonomy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Site;

/// <summary>What the public site reads: published articles (through <see cref="PublishedContent"/>), their taxonomies and media.</summary>
public sealed class SiteReader(CmsDbContext db, PublishedContent published, ContentDefinitionStore definitions, TaxonomyCache taxonomies,
    IOptions<CategoryOptions> categoryOptions)
{
    private string ArticleType => categoryOptions.Value.ContentType;
    public string CategoryField => $"{ArticleType}.{categoryOptions.Value.Field}";
    public const string TagsFieldName = "Tags";
    public string TagsField => $"{ArticleType}.{TagsFieldName}";

    public Task<Taxonomy?> CategoriesAsync() => TaxonomyOfAsync(categoryOptions.Value.Field);

    public Task<Taxonomy?> TagsAsync() => TaxonomyOfAsync(TagsFieldName);

    /// <summary>Published articles, newest first; with a term, only those whose <paramref name="field"/> points to it.</summary>
    public Task<IReadOnlyList<ContentItem>> LatestAsync(int skip, int take, string? field = null, string? termId = null) =>
        published.NewestAsync(new PublishedFilter(ArticleType, field, termId), skip, take);

    public Task<int> CountAsync(string? field = null, string? termId = null) => published.CountAsync(new PublishedFilter(ArticleType, field, termId));

    /// <summary>The published item that owns a path, or null: drafts, items in review and scheduled ones have no public path.</summary>
    public Task<ContentItem?> ByPathAsync(string path) => published.ByPathAsync(path);

    public async Task<IReadOnlyList<ContentItem>> RelatedAsync(ContentItem article, string? categoryId, int take) =>
        categoryId is null ? [] : await published.NewestAsync(new PublishedFilter(ArticleType, CategoryField, categoryId, ExceptId: article.ContentItemId), 0, take);

    public Task<IReadOnlyList<PublishedEntry>> EntriesAsync(DateTime? publishedSince = null) => published.EntriesAsync(ArticleType, publishedSince);

    /// <summary>The latest publication time per category term, for the sitemap's lastmod.</summary>
    public Task<Dictionary<string, DateTime?>> LatestByTermAsync(string field) => published.LatestByTermAsync(field);

    public async Task<Dictionary<string, MediaAsset>> MediaAsync(IEnumerable<string> paths)
    {
        var wanted = paths.Distinct().ToList();
        if (wanted.Count == 0) return [];
        return await db.Set<MediaAsset>().AsNoTracking().Where(m => wanted.Contains(m.Path)).ToDictionaryAsync(m => m.Path);
    }

    private async Task<Taxonomy?> TaxonomyOfAsync(string fieldName)
    {
        var id = definitions.Current.TaxonomyOf(ArticleType, fieldName);
        return id is null ? null : await taxonomies.GetAsync(db, id);
    }
}
