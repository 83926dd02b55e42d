using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Admin;

/// <summary>
/// Reads and writes the rolling autosaves (<see cref="Autosave"/>), all in the database so that any node serves the
/// writer's next request. Pruning happens on write: one indexed delete, so no node needs a duty for it.
/// </summary>
public sealed class Autosaves(CmsDbContext db, IOptions<AutosaveOptions> options, TimeProvider clock)
{
    public Task<Autosave?> FindAsync(string userId, string itemKey) =>
        db.Set<Autosave>().AsNoTracking().FirstOrDefaultAsync(a => a.UserId == userId && a.ItemKey == itemKey);

    /// <summary>The user's latest autosave of a new item of <paramref name="contentType"/>, to offer when they open a new one.</summary>
    public Task<Autosave?> LatestNewAsync(string userId, string contentType) =>
        db.Set<Autosave>().AsNoTracking()
            .Where(a => a.UserId == userId && a.ContentItemId == null && a.ContentType == contentType)
            .OrderByDescending(a => a.UpdatedUtc).FirstOrDefaultAsync();

    /// <summary>Replaces the user's autosave of the item (or makes it), and prunes the forgotten ones.</summary>
    public async Task<Autosave> KeepAsync(string userId, string itemKey, string? contentItemId, string contentType, string? basedOnVersionId, string json)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<Autosave>().Where(a => a.UpdatedUtc < now - options.Value.Retention).ExecuteDeleteAsync();
        // Two tabs of the same writer can race here: the loser of the insert updates the row the winner made.
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.Set<Autosave>().FirstOrDefaultAsync(a => a.UserId == userId && a.ItemKey == itemKey);
            if (row is null)
            {
                row = new Autosave { UserId = userId, ItemKey = itemKey, ContentType = contentType, Json = json };
                db.Add(row);
            }
            row.ContentItemId = contentItemId;
            row.ContentType = contentType;
            row.BasedOnVersionId = basedOnVersionId;
            row.Json = json;
            row.UpdatedUtc = now;
            try
            {
                await db.SaveChangesAsync();
                return row;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public Task DeleteAsync(string userId, string itemKey) =>
        db.Set<Autosave>().Where(a => a.UserId == userId && a.ItemKey == itemKey).ExecuteDeleteAsync();
}
