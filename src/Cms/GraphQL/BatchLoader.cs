using GraphQL.DataLoader;

namespace Cms.GraphQL;

/// <summary>
/// Loads values by key in batches, once per request: a resolver asks for a key and gets a pending result; GraphQL.NET's
/// execution strategy resolves every other field of the level first, then awaits the pending results, and the first one
/// loads every key asked for so far in one call. So a page of 20 items costs the same queries as a page of 2.
/// </summary>
/// <remarks>
/// GraphQL.DataLoader's BatchDataLoader does this, but its package is not served by our registry; the engine's own
/// <see cref="IDataLoaderResult"/> is all the batching needs. Queries run with the serial execution strategy (one
/// DbContext per request), so a loader is never used by two threads at once.
/// </remarks>
internal sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue?> _loaded = [];
    private readonly HashSet<TKey> _wanted = [];

    /// <summary>The value of one key (default when there is none), loaded with every other key asked for in the same pass.</summary>
    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        if (!_loaded.ContainsKey(key)) _wanted.Add(key);
        return new Pending<TValue?>(async cancellationToken =>
        {
            await LoadWantedAsync(cancellationToken);
            return _loaded.GetValueOrDefault(key);
        });
    }

    /// <summary>The values of several keys, in their order (default where a key has none).</summary>
    public IDataLoaderResult<IReadOnlyList<TValue?>> LoadMany(IEnumerable<TKey> keys)
    {
        var all = keys.ToList();
        foreach (var key in all.Where(k => !_loaded.ContainsKey(k))) _wanted.Add(key);
        return new Pending<IReadOnlyList<TValue?>>(async cancellationToken =>
        {
            await LoadWantedAsync(cancellationToken);
            return all.Select(k => _loaded.GetValueOrDefault(k)).ToList();
        });
    }

    private async Task LoadWantedAsync(CancellationToken cancellationToken)
    {
        if (_wanted.Count == 0) return;
        var keys = _wanted.ToList();
        _wanted.Clear();
        var found = await fetch(keys, cancellationToken);
        foreach (var key in keys) _loaded[key] = found.TryGetValue(key, out var value) ? value : default;
    }

    private sealed class Pending<T>(Func<CancellationToken, Task<T>> result) : IDataLoaderResult<T>
    {
        public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => result(cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await result(cancellationToken);
    }
}

internal static class DataLoaderResults
{
    /// <summary>A pending result turned into another once it is loaded (a taxonomy into the terms a field names).</summary>
    public static IDataLoaderResult<TOut> Then<TIn, TOut>(this IDataLoaderResult<TIn> pending, Func<TIn, TOut> map) =>
        new Mapped<TIn, TOut>(pending, map);

    private sealed class Mapped<TIn, TOut>(IDataLoaderResult<TIn> pending, Func<TIn, TOut> map) : IDataLoaderResult<TOut>
    {
        public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default) => map(await pending.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
