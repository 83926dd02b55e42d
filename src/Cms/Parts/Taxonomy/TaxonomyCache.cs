using System.Collections.Concurrent;
using Cms.Changes;
using Cms.Content;
using Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Cms.Parts.Taxonomy;

/// <summary>
/// Taxonomies (few, small, read on every page and category filter) kept in memory, dropped when the change feed says
/// they changed. Writers that must not act on a stale copy ask <see cref="GetCurrentAsync"/>.
/// </summary>
public sealed class TaxonomyCache(IServiceScopeFactory scopes) : IChangeFeedListener
{
    private readonly ConcurrentDictionary<string, Taxonomy> _taxonomies = new(StringComparer.Ordinal);

    public async Task<Taxonomy?> GetAsync(CmsDbContext db, string taxonomyContentItemId)
    {
        if (_taxonomies.TryGetValue(taxonomyContentItemId, out var cached)) return cached;
        return await LoadAsync(db, taxonomyContentItemId);
    }

    /// <summary>
    /// The same for a caller with no database context at hand (a search, which needs none otherwise): one is made only
    /// when the taxonomy is not in memory.
    /// </summary>
    public async ValueTask<Taxonomy?> GetAsync(string taxonomyContentItemId)
    {
        if (_taxonomies.TryGetValue(taxonomyContentItemId, out var cached)) return cached;
        using var scope = scopes.CreateScope();
        return await LoadAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), taxonomyContentItemId);
    }

    /// <summary>The taxonomy as the database holds it now: the cached copy when its version is still the latest (one indexed lookup).</summary>
    public async Task<Taxonomy?> GetCurrentAsync(CmsDbContext db, string taxonomyContentItemId)
    {
        var version = await db.ContentItemVersions.AsNoTracking()
            .Where(v => v.ContentItemId == taxonomyContentItemId && v.Latest).Select(v => v.ContentItemVersionId).FirstOrDefaultAsync();
        if (version is null) return null;
        if (_taxonomies.TryGetValue(taxonomyContentItemId, out var cached) && cached.ContentItemVersionId == version) return cached;
        return await LoadAsync(db, taxonomyContentItemId);
    }

    private async Task<Taxonomy?> LoadAsync(CmsDbContext db, string taxonomyContentItemId)
    {
        var json = await db.ContentItemVersions.AsNoTracking()
            .Where(v => v.ContentItemId == taxonomyContentItemId && v.Latest)
            .Select(v => v.Json).FirstOrDefaultAsync();
        if (json is null) return null;
        var taxonomy = Taxonomy.From(ContentItemJson.Parse(json));
        _taxonomies[taxonomyContentItemId] = taxonomy;
        return taxonomy;
    }

    public ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            if (entry.ChangesEverything) _taxonomies.Clear();
            else if (entry.ContentItemId is { } id) _taxonomies.TryRemove(id, out _);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        _taxonomies.Clear();
        return ValueTask.CompletedTask;
    }
}
