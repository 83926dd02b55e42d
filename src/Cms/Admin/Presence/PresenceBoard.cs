using Cms.Data;
using Cms.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Admin.Presence;

/// <summary>Someone else in the editor of an item, and since when.</summary>
public sealed record OtherEditor(string UserName, DateTime SinceUtc);

/// <summary>Who has an item open in the editor: heartbeats in, "Marc modifie cet article depuis 3 min" out.</summary>
public sealed class PresenceBoard(CmsDbContext db, IOptions<PresenceOptions> options, TimeProvider clock)
{
    public TimeSpan Heartbeat => options.Value.Heartbeat;

    /// <summary>Records that <paramref name="actor"/> still has the item open (a new stay when their last heartbeat is stale).</summary>
    public async Task BeatAsync(string contentItemId, Actor actor)
    {
        if (actor.UserId is not { } userId) return;
        var now = Now();
        var stale = now - options.Value.StaleAfter;
        var updated = await db.EditorPresence.Where(p => p.ContentItemId == contentItemId && p.UserId == userId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(p => p.StartedUtc, p => p.SeenUtc < stale ? now : p.StartedUtc)
                .SetProperty(p => p.SeenUtc, now)
                .SetProperty(p => p.UserName, actor.UserName));
        if (updated > 0) return;
        // Stale rows on this item go when someone arrives, so that the table holds only what was open lately.
        await db.EditorPresence.Where(p => p.ContentItemId == contentItemId && p.SeenUtc < stale).ExecuteDeleteAsync();
        db.EditorPresence.Add(new EditorPresence { ContentItemId = contentItemId, UserId = userId, UserName = actor.UserName, StartedUtc = now, SeenUtc = now });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // The same person's other tab inserted the row first: it is there, which is all a heartbeat wants.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Forgets that <paramref name="actor"/> has the item open (they left the page).</summary>
    public async Task LeaveAsync(string contentItemId, Actor actor)
    {
        if (actor.UserId is not { } userId) return;
        await db.EditorPresence.Where(p => p.ContentItemId == contentItemId && p.UserId == userId).ExecuteDeleteAsync();
    }

    /// <summary>Everyone but <paramref name="actor"/> whose heartbeat on the item is recent, longest there first.</summary>
    public async Task<IReadOnlyList<OtherEditor>> OthersAsync(string contentItemId, Actor actor)
    {
        var self = actor.UserId ?? "";
        var stale = Now() - options.Value.StaleAfter;
        return await db.EditorPresence.AsNoTracking()
            .Where(p => p.ContentItemId == contentItemId && p.UserId != self && p.SeenUtc >= stale)
            .OrderBy(p => p.StartedUtc)
            .Select(p => new OtherEditor(p.UserName ?? p.UserId, p.StartedUtc))
            .ToListAsync();
    }

    /// <summary>"Marc modifie cet article depuis 3 min." for each other person; empty when nobody else is there.</summary>
    public string Describe(IReadOnlyList<OtherEditor> others)
    {
        var now = Now();
        return string.Join(" ", others.Select(o => $"{o.UserName} modifie cet article depuis {Paris.Waiting(o.SinceUtc, now)}."));
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
