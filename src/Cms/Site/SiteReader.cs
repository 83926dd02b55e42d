using Cms.Authors;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Delivery;
using Cms.Media;
using Cms.Parts.Corrections;
using Cms.Parts.Taxonomy;
using Microsoft.EntityFrameworkCore;

namespace Cms.Site;

/// <summary>
/// What the public site reads: published items (through <see cref="PublishedContent"/>), the site's categories and tags
/// (the taxonomies of the fields in the Category and Tags roles), and media descriptions. The news lists take the types
/// that have a category (<see cref="ContentDefinitionSet.ListedTypes"/>).
/// </summary>
public sealed class SiteReader(CmsDbContext db, PublishedContent published, ContentDefinitionStore definitions, TaxonomyCache taxonomies, AuthorProfiles profiles)
{
    public ContentDefinitionSet Definitions => definitions.Current;

    public Task<Taxonomy?> CategoriesAsync() => TaxonomyAsync(FieldRoles.Category);

    public Task<Taxonomy?> TagsAsync() => TaxonomyAsync(FieldRoles.Tags);

    /// <summary>Published news, newest first; with a term, only those pointing to it.</summary>
    public Task<IReadOnlyList<ContentItem>> LatestAsync(int skip, int take, string? termId = null) =>
        published.NewestAsync(new PublishedFilter(Definitions.ListedTypes, termId), skip, take);

    public Task<int> CountAsync(string? termId = null) => published.CountAsync(new PublishedFilter(Definitions.ListedTypes, termId));

    /// <summary>The newest items with any of <paramref name="termIds"/>: a parent category's page lists its children's articles too.</summary>
    public Task<IReadOnlyList<ContentItem>> LatestInAsync(int skip, int take, IReadOnlyCollection<string> termIds) =>
        published.NewestAsync(new PublishedFilter(Definitions.ListedTypes) { AnyTermIds = termIds }, skip, take);

    public Task<int> CountInAsync(IReadOnlyCollection<string> termIds) =>
        published.CountAsync(new PublishedFilter(Definitions.ListedTypes) { AnyTermIds = termIds });

    /// <summary>The published item that owns a path, or null: drafts, items in review and scheduled ones have no public path.</summary>
    public Task<ContentItem?> ByPathAsync(string path) => published.ByPathAsync(path);

    public async Task<IReadOnlyList<ContentItem>> RelatedAsync(ContentItem item, string? categoryId, int take) =>
        categoryId is null ? [] : await published.NewestAsync(new PublishedFilter(Definitions.ListedTypes, categoryId, ExceptId: item.ContentItemId), 0, take);

    /// <summary>Every published item with a path (the sitemap), or only the news published since a time (the news sitemap).</summary>
    public Task<IReadOnlyList<PublishedEntry>> EntriesAsync(DateTime? newsSince = null) =>
        published.EntriesAsync(newsSince is null ? null : Definitions.ListedTypes, newsSince);

    /// <summary>The latest change per term, for the sitemap's lastmod.</summary>
    public Task<Dictionary<string, DateTime?>> LatestByTermAsync() => published.LatestByTermAsync();

    /// <summary>The profiles of the users the items name in their Authors role.</summary>
    public Task<IReadOnlyDictionary<string, AuthorProfile>> AuthorsAsync(IEnumerable<ContentItem> items) =>
        profiles.FindAsync(items.SelectMany(i => Definitions.Users(i, FieldRoles.Authors)).Distinct(StringComparer.Ordinal).ToList());

    public Task<AuthorProfile?> AuthorBySlugAsync(string slug) => profiles.BySlugAsync(slug);

    /// <summary>
    /// The published news naming this user as an author, newest first. Found by the id in the stored documents, then
    /// checked field by field: there is no index of authors yet, which is fine for a newsroom's hundreds of articles
    /// per author, and the page cache keeps the answer until the next change.
    /// </summary>
    public async Task<IReadOnlyList<ContentItem>> ByAuthorAsync(string userId)
    {
        var listed = Definitions.ListedTypes;
        return (await published.ContainingAsync(userId)).Select(r => ContentItemJson.Parse(r.Json))
            .Where(i => listed.Contains(i.ContentType) && Definitions.Users(i, FieldRoles.Authors).Contains(userId))
            .OrderByDescending(i => i.PublishedUtc).ThenByDescending(i => i.ContentItemId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The authors who have a page: a page address and at least one published article.</summary>
    public async Task<IReadOnlyList<(AuthorProfile Author, DateTime? LastModified)>> AuthorPagesAsync()
    {
        var pages = new List<(AuthorProfile, DateTime?)>();
        foreach (var profile in await profiles.WithPagesAsync())
        {
            var articles = await ByAuthorAsync(profile.UserId);
            if (articles.Count > 0) pages.Add((profile, articles.Max(a => CorrectionsPart.DateModifiedUtc(a, Definitions))));
        }
        return pages;
    }

    public async Task<Dictionary<string, MediaAsset>> MediaAsync(IEnumerable<string> paths)
    {
        var wanted = paths.Distinct().ToList();
        if (wanted.Count == 0) return [];
        return await db.Set<MediaAsset>().AsNoTracking().Where(m => wanted.Contains(m.Path)).ToDictionaryAsync(m => m.Path);
    }

    private async Task<Taxonomy?> TaxonomyAsync(string role)
    {
        var id = Definitions.TaxonomyInRole(role);
        return id is null ? null : await taxonomies.GetAsync(db, id);
    }
}
