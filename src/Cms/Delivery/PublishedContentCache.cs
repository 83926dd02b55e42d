using Cms.Changes;
using Microsoft.Extensions.Caching.Memory;

namespace Cms.Delivery;

/// <summary>A published version as readers get it: the UTF-8 JSON bytes and their validator.</summary>
public sealed record PublishedDocument(byte[] Utf8Json, string ETag, DateTime? ModifiedUtc);

/// <summary>
/// Readers' hot path: published items by id and anonymous list pages, served from memory as ready-made bytes.
/// Every change readers would see (an entry of the change feed that affects what is published) bumps a generation and
/// drops the item; the node that made a change applies it before it answers, so a reader never gets a stale answer
/// once a publish has returned. A load that raced with a change is not kept.
/// </summary>
public sealed class PublishedContentCache(IServiceScopeFactory scopes) : IChangeFeedListener, IDisposable
{
    private static readonly object NotFound = new();
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 256L * 1024 * 1024 });
    private long _generation;

    public async ValueTask<PublishedDocument?> GetItemAsync(string contentItemId)
    {
        var key = ItemKey(contentItemId);
        if (_cache.TryGetValue(key, out var cached)) return cached as PublishedDocument;

        var generation = Interlocked.Read(ref _generation);
        PublishedDocument? document;
        using (var scope = scopes.CreateScope())
        {
            document = await scope.ServiceProvider.GetRequiredService<PublishedContent>().FindAsync(contentItemId);
        }
        Keep(key, (object?)document ?? NotFound, document?.Utf8Json.Length ?? 64, generation);
        return document;
    }

    /// <summary>A list answer for readers, computed once per generation and key.</summary>
    public async ValueTask<byte[]> GetListAsync(string key, Func<Task<byte[]>> build)
    {
        var generation = Interlocked.Read(ref _generation);
        var cacheKey = $"list:{generation}:{key}";
        if (_cache.TryGetValue(cacheKey, out var cached)) return (byte[])cached!;
        var bytes = await build();
        Keep(cacheKey, bytes, bytes.Length, generation);
        return bytes;
    }

    public ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Any(e => e.ChangesEverything)) return ResetAsync(cancellationToken);
        var changed = false;
        foreach (var entry in entries)
        {
            if (!entry.AffectsPublished) continue;
            if (!changed) Interlocked.Increment(ref _generation);
            changed = true;
            if (entry.ContentItemId is { } id) _cache.Remove(ItemKey(id));
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops everything (definitions or roles changed, or this node missed entries).</summary>
    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generation);
        _cache.Clear();
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _cache.Dispose();

    private void Keep(string key, object value, long size, long generation)
    {
        if (Interlocked.Read(ref _generation) != generation) return;
        _cache.Set(key, value, new MemoryCacheEntryOptions { Size = size });
        // A change that committed between the check and the set must not leave this entry behind.
        if (Interlocked.Read(ref _generation) != generation) _cache.Remove(key);
    }

    private static string ItemKey(string contentItemId) => "item:" + contentItemId;
}
