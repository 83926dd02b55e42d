using System.Collections.Concurrent;
using Cms.Content;
using Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Cms.Parts.Taxonomy;

/// <summary>Taxonomies (few, small, read on every save and category filter) kept in memory, dropped when they change.</summary>
public sealed class TaxonomyCache : IContentChangeListener
{
    private readonly ConcurrentDictionary<string, Taxonomy> _taxonomies = new(StringComparer.Ordinal);

    public async Task<Taxonomy?> GetAsync(CmsDbContext db, string taxonomyContentItemId)
    {
        if (_taxonomies.TryGetValue(taxonomyContentItemId, out var cached)) return cached;
        var json = await db.ContentItemVersions.AsNoTracking()
            .Where(v => v.ContentItemId == taxonomyContentItemId && v.Latest)
            .Select(v => v.Json).FirstOrDefaultAsync();
        if (json is null) return null;
        var taxonomy = Taxonomy.From(ContentItemJson.Parse(json));
        _taxonomies[taxonomyContentItemId] = taxonomy;
        return taxonomy;
    }

    public void OnChanged(ContentChange change) => _taxonomies.TryRemove(change.ContentItemId, out _);

    public void OnEverythingChanged() => _taxonomies.Clear();
}
