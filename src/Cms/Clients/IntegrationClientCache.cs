using Cms.Changes;
using Cms.Data;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Clients;

/// <summary>
/// Who each integration client is and what it may do, kept in memory so that a request with a client's token costs no
/// database round trip. Dropped when the change feed says a client changed (on every node, within the feed's poll
/// interval), and in any case reloaded after <see cref="MaxAge"/>: a revoked client's tokens stop working within that,
/// even on a node that could not read the feed.
/// </summary>
public sealed class IntegrationClientCache(IServiceScopeFactory scopes, TimeProvider clock) : IChangeFeedListener
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private volatile Snapshot? _snapshot;
    private long _generation;
    private readonly SemaphoreSlim _loading = new(1, 1);

    /// <summary>The client as an actor (changes from it are the API's); null when there is no such client any more.</summary>
    public async Task<Actor?> GetActorAsync(string clientId)
    {
        var snapshot = _snapshot;
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > MaxAge) snapshot = await LoadAsync(snapshot);
        return snapshot.Actors.GetValueOrDefault(clientId);
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _snapshot = null;
    }

    public ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Any(e => e.Event == ChangeEvents.ClientsChanged)) Invalidate();
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        Invalidate();
        return ValueTask.CompletedTask;
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, Actor> Actors, DateTimeOffset LoadedAt);

    private async Task<Snapshot> LoadAsync(Snapshot? stale)
    {
        await _loading.WaitAsync();
        try
        {
            if (_snapshot is { } loaded && loaded != stale && clock.GetUtcNow() - loaded.LoadedAt <= MaxAge) return loaded;
            var loadedAt = clock.GetUtcNow();
            var generation = Interlocked.Read(ref _generation);
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var clients = await db.Set<IntegrationClient>().AsNoTracking().ToListAsync();
            var actors = clients.ToDictionary(c => c.ClientId, c => new Actor(null, IntegrationClient.ActorName(c.Name),
                c.PermissionList().ToHashSet(StringComparer.Ordinal)) { ClientId = c.ClientId }, StringComparer.Ordinal);
            var snapshot = new Snapshot(actors, loadedAt);
            // A change told while this was reading may not be in what it read: keep it for this caller only.
            if (Interlocked.Read(ref _generation) == generation) _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }
}
