using Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Cms.Parts.Autoroute;

/// <summary>
/// Claims paths in the AutoroutePaths table, whose primary key keeps a path to one item. A path another item
/// holds gets a numeric suffix ("koursk-2"). Runs inside the transaction that stores the version.
/// </summary>
public static class AutoroutePathClaims
{
    // Compiled once: a claim runs for every item written, and an import writes thousands in a row.
    private static readonly Func<CmsDbContext, string, Task<string?>> HolderOf = EF.CompileAsyncQuery((CmsDbContext db, string path) =>
        db.AutoroutePaths.AsNoTracking().Where(p => p.Path == path).Select(p => p.ContentItemId).FirstOrDefault());

    public static async Task<string> ClaimAsync(CmsDbContext db, string contentItemId, string path)
    {
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? path : $"{path}-{n}";
            // A claim made earlier in this unit of work (not saved yet) counts as much as a stored one.
            var holder = db.AutoroutePaths.Local.FirstOrDefault(p => p.Path == candidate)?.ContentItemId
                ?? await HolderOf(db, candidate);
            if (holder == contentItemId) return candidate;
            if (holder is null)
            {
                db.AutoroutePaths.Add(new AutoroutePath { Path = candidate, ContentItemId = contentItemId });
                return candidate;
            }
        }
    }

    /// <summary>Frees the paths an item holds that neither its latest nor its published version uses any more.</summary>
    public static async Task ReleaseUnusedAsync(CmsDbContext db, string contentItemId)
    {
        // A search of the (ContentItemId, Number) index (see ContentLifecycle.LoadAsync).
        var used = await db.ContentItemVersions
            .Where(v => v.ContentItemId == contentItemId && (v.Latest || v.Published) && v.Path != null)
            .Select(v => v.Path!).ToListAsync();
        await db.AutoroutePaths.Where(p => p.ContentItemId == contentItemId && !used.Contains(p.Path)).ExecuteDeleteAsync();
    }
}
