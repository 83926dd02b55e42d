using System.IO.Compression;
using System.Security.Cryptography;
using Cms.Changes;
using Microsoft.Extensions.Caching.Memory;

namespace Cms.Site;

/// <summary>A page ready to send: its bytes, a gzip and a brotli copy, and its validators.</summary>
public sealed record CachedPage(int Status, string ContentType, byte[] Body, byte[]? Gzip, byte[]? Brotli, string ETag, DateTimeOffset LastModified)
{
    private const int SmallestWorthCompressing = 256;

    public static CachedPage Create(SitePage page, DateTimeOffset lastModified)
    {
        var body = page.Body;
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 10))}\"";
        var worth = body.Length >= SmallestWorthCompressing;
        return new CachedPage(page.Status, page.ContentType, body, worth ? GzipOf(body, CompressionLevel.Optimal) : null, worth ? BrotliOf(body, quality: 9) : null, etag, lastModified);
    }

    /// <summary>
    /// A page sent once and not kept (a 404, a search, an error): compressed only in the encoding this reader accepts,
    /// at a fast level. Compressing every answer both ways at the levels meant for pages served thousands of times
    /// made each request for an unknown address cost a few milliseconds of CPU.
    /// </summary>
    public static CachedPage ForOneReader(SitePage page, DateTimeOffset lastModified, string acceptEncoding)
    {
        var body = page.Body;
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 10))}\"";
        byte[]? brotli = null, gzip = null;
        if (body.Length >= SmallestWorthCompressing)
        {
            if (PageResponses.Accepts(acceptEncoding, "br")) brotli = BrotliOf(body, quality: 4);
            else if (PageResponses.Accepts(acceptEncoding, "gzip")) gzip = GzipOf(body, CompressionLevel.Fastest);
        }
        return new CachedPage(page.Status, page.ContentType, body, gzip, brotli, etag, lastModified);
    }

    /// <summary>The Last-Modified header's value, formatted once.</summary>
    public string LastModifiedHeader { get; } = LastModified.ToString("r", System.Globalization.CultureInfo.InvariantCulture);

    public long Size => Body.Length + (Gzip?.Length ?? 0) + (Brotli?.Length ?? 0) + 256;

    private static byte[] GzipOf(byte[] body, CompressionLevel level)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, level, leaveOpen: true)) gzip.Write(body);
        return buffer.ToArray();
    }

    private static byte[]? BrotliOf(byte[] body, int quality)
    {
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length)];
        return BrotliEncoder.TryCompress(body, output, out var written, quality, window: 22) ? output[..written] : null;
    }
}

/// <summary>
/// Rendered pages of the public site in memory. Any change readers would see (a publish, an unpublish, a published
/// version rewritten, a category change), read from the change feed, starts a new generation and empties the cache;
/// the node that made the change does so before it answers, and every other node when it reads the feed. A render
/// that overlapped a change is not kept. Drafts being saved change nothing here.
/// </summary>
public sealed class PageCache(TimeProvider clock) : IChangeFeedListener, IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 256L * 1024 * 1024 });
    private long _generation;
    private DateTimeOffset _changedAt = Truncate(clock.GetUtcNow());

    /// <summary>The current generation and when it began: the Last-Modified of every page rendered in it.</summary>
    public (long Generation, DateTimeOffset ChangedAt) Current => (Interlocked.Read(ref _generation), _changedAt);

    public bool TryGet(string key, out CachedPage page)
    {
        if (_cache.TryGetValue(key, out var value) && value is Kept found)
        {
            // The expiry is read on the site's clock rather than left to the memory cache's own, so that a banner's end is
            // the same instant for the page and for the code that decided it, and a test can move time.
            if (found.ExpiresAt is not { } expires || clock.GetUtcNow() < expires)
            {
                page = found.Page;
                return true;
            }
            _cache.Remove(key);
        }
        page = null!;
        return false;
    }

    /// <summary>
    /// Keeps a page rendered in <paramref name="generation"/>, unless a change has happened since, for at most
    /// <paramref name="lifetime"/> and never past <paramref name="expiresUtc"/> (when what it shows stops being true).
    /// </summary>
    public void Keep(string key, CachedPage page, long generation, TimeSpan? lifetime = null, DateTime? expiresUtc = null)
    {
        if (Interlocked.Read(ref _generation) != generation) return;
        var now = clock.GetUtcNow();
        DateTimeOffset? expires = lifetime is { } l ? now + l : null;
        if (expiresUtc is { } e && (expires is null || e < expires)) expires = new DateTimeOffset(DateTime.SpecifyKind(e, DateTimeKind.Utc));
        if (expires <= now) return;
        var entry = new MemoryCacheEntryOptions { Size = page.Size };
        // The memory cache's own expiry only frees the memory; TryGet decides.
        if (expires is { } at) entry.AbsoluteExpirationRelativeToNow = at - now + TimeSpan.FromSeconds(1);
        _cache.Set(key, new Kept(page, expires), entry);
        if (Interlocked.Read(ref _generation) != generation) _cache.Remove(key);
    }

    private sealed record Kept(CachedPage Page, DateTimeOffset? ExpiresAt);

    public ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Any(e => e.AffectsPublished || e.ChangesEverything)) Clear();
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        Clear();
        return ValueTask.CompletedTask;
    }

    private void Clear()
    {
        // Strictly later than the previous generation's, so that If-Modified-Since never confirms a page of an older one.
        var now = Truncate(clock.GetUtcNow());
        _changedAt = now > _changedAt ? now : _changedAt.AddSeconds(1);
        Interlocked.Increment(ref _generation);
        _cache.Clear();
    }

    public void Dispose() => _cache.Dispose();

    // HTTP dates have whole seconds; a validator finer than that would never match If-Modified-Since.
    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
