using Cms.Changes;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Cms.GraphQL;

/// <summary>What makes two GraphQL requests the same answer for an anonymous reader.</summary>
internal sealed record GraphQLAnswerKey(string Query, string? Variables, string? OperationName, bool GraphQLMediaType);

/// <summary>An answer as it was written: the bytes, the status and the ETag.</summary>
internal sealed record GraphQLAnswer(byte[] Body, int StatusCode, string ETag);

/// <summary>
/// Answers of anonymous GraphQL reads kept in memory, as the REST list keeps its pages: the front-end's home page asks
/// the same query again and again, and what it reads (published versions, terms, media URLs) changes only through the
/// change feed. Any entry readers could see (one that affects what is published, or changes everything, or any media
/// change: a focal point moves a signed crop) empties it, on every node as it reads the feed. Never kept: answers for a
/// bearer token (drafts, permissions), answers that used a preview token or searched (the indexes follow the feed on
/// their own, a little later), answers with errors, and answers computed while a change came
/// (<see cref="Generation"/>). Bounded by <see cref="GraphQLOptions.AnswerCacheSizeMB"/>; the least used go first.
/// </summary>
internal sealed class GraphQLAnswerCache(IOptions<GraphQLOptions> options) : IChangeFeedListener, IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1L, options.Value.AnswerCacheSizeMB) * 1024 * 1024 });
    private long _generation;

    public bool Enabled => options.Value.AnswerCacheSizeMB > 0;

    /// <summary>Read before the query runs: what <see cref="Keep"/> checks the answer against.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public GraphQLAnswer? Find(GraphQLAnswerKey key) => _cache.TryGetValue(key, out var value) ? value as GraphQLAnswer : null;

    public void Keep(GraphQLAnswerKey key, GraphQLAnswer answer, long generation)
    {
        if (Interlocked.Read(ref _generation) != generation) return;
        var size = 256L + answer.Body.Length + 2L * (key.Query.Length + (key.Variables?.Length ?? 0) + (key.OperationName?.Length ?? 0));
        _cache.Set(key, answer, new MemoryCacheEntryOptions { Size = size });
        if (Interlocked.Read(ref _generation) != generation) _cache.Remove(key);
    }

    public ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            if (entry.AffectsPublished || entry.ChangesEverything || entry.Event.StartsWith("media.", StringComparison.Ordinal))
            {
                Clear();
                break;
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        Clear();
        return ValueTask.CompletedTask;
    }

    private void Clear()
    {
        Interlocked.Increment(ref _generation);
        _cache.Clear();
    }

    public void Dispose() => _cache.Dispose();
}
