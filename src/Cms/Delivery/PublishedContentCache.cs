using Cms.Content;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Cms.Delivery;

/// <summary>A published version as readers get it: the UTF-8 JSON bytes and their validator.</summary>
public sealed record PublishedDocument(byte[] Utf8Json, string ETag, DateTime? ModifiedUtc);

/// <summary>
/// Readers' hot path: published items by id and anonymous list pages, served from memory as ready-made bytes.
/// Every change readers would see bumps a generation and drops the item, after the change commits, so a
/// reader never gets a stale answer once a publish has returned. A load that raced with a change is not kept.
/// </summary>
public sealed class PublishedContentCache(IServiceScopeFactory scopes) : IContentChangeListener, IDisposable
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
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var row = await db.ContentItemVersions.AsNoTracking()
                .Where(v => v.ContentItemId == contentItemId && v.Published)
                .Select(v => new { v.Json, v.ContentItemVersionId, v.ModifiedUtc }).FirstOrDefaultAsync();
            document = row is null ? null : new PublishedDocument(System.Text.Encoding.UTF8.GetBytes(row.Json), $"\"{row.ContentItemVersionId}\"", row.ModifiedUtc);
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

    public void OnChanged(ContentChange change)
    {
        if (change.Kind != ContentChangeKind.PublishedChanged) return;
        Interlocked.Increment(ref _generation);
        _cache.Remove(ItemKey(change.ContentItemId));
    }

    /// <summary>Drops everything (after a recipe run, which changes many items in one transaction).</summary>
    public void OnEverythingChanged()
    {
        Interlocked.Increment(ref _generation);
        _cache.Clear();
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
