using System.Collections.Concurrent;
using Cms.Changes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Lucene.Net.Index;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Search;

/// <summary>
/// Keeps this node's indexes in step with the database. It applies the change feed in order from each index's
/// committed cursor, woken by this node's follower whenever the feed grows, and polling as a fallback. An index with
/// no finished generation on disk (first start, folder deleted, entries pruned past its cursor) is built from the
/// database. A rebuild on request builds a new generation beside the live one, catches it up, then swaps.
/// </summary>
public sealed class SearchIndexer(IServiceScopeFactory scopes, IOptions<SearchOptions> options, IOptions<ChangeFeedOptions> feed, SearchPaths paths,
    ContentDefinitionStore definitions, ChangeFeedProgress progress, TimeProvider clock, ILogger<SearchIndexer> logger)
    : BackgroundService, IChangeFeedListener, IChangeFeedCursor
{
    private static readonly TimeSpan SwapGrace = TimeSpan.FromSeconds(5);
    private const int LargeRebuild = 10_000;

    private readonly ConcurrentDictionary<string, SearchIndex> _indexes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Task> _rebuilds = new(StringComparer.OrdinalIgnoreCase);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _stopping;

    public SearchIndex? Find(string name) => _indexes.GetValueOrDefault(name);

    public IReadOnlyCollection<SearchIndex> Indexes => _indexes.Values.OrderBy(i => i.Definition.Name, StringComparer.Ordinal).ToList();

    public ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        Wake();
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        Wake();
        return ValueTask.CompletedTask;
    }

    /// <summary>The feed sequence every live index has applied; indexes still being built for the first time are not waited for.</summary>
    public long Position
    {
        get
        {
            var position = long.MaxValue;
            foreach (var index in _indexes.Values)
            {
                if (index.Live is { } live) position = Math.Min(position, live.Cursor);
            }
            return position;
        }
    }

    private void Wake() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Starts building a new generation of the index in the background; false when one is already being built.</summary>
    public bool RequestRebuild(SearchIndex index)
    {
        // A lock rather than AddOrUpdate, whose factories may run more than once under contention (two rebuilds started).
        lock (_rebuilds)
        {
            if (_rebuilds.TryGetValue(index.Definition.Name, out var running) && !running.IsCompleted) return false;
            _rebuilds[index.Definition.Name] = RebuildAsync(index, _stopping);
            return true;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = Volatile.Read(ref _changed).Task;
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Search indexing failed; retrying shortly.");
            }
            try
            {
                await Task.WhenAny(changed, Task.Delay(feed.Value.PollInterval, clock, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var rebuild in _rebuilds.Values)
        {
            try
            {
                await rebuild;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // Stopping: the half-built generation was discarded.
            }
        }
        foreach (var index in _indexes.Values)
        {
            await index.Gate.WaitAsync(cancellationToken);
            try
            {
                index.Live?.CommitIfDue(TimeSpan.Zero);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                logger.LogWarning(e, "Search index {Index} could not commit at shutdown; its last change-feed entries will be applied again.", index.Definition.Name);
            }
            index.Dispose();
        }
        _indexes.Clear();
    }

    /// <summary>One pass: follow the definitions, bring every index up to the feed's last entry.</summary>
    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var definitions = await SearchIndexDefinitions.LoadAsync(db, cancellationToken);
        var prunedThrough = await ChangeFeedFollower.PrunedThroughAsync(db, cancellationToken);
        foreach (var definition in definitions)
        {
            var index = _indexes.GetOrAdd(definition.Name, _ => new SearchIndex(definition));
            if (!index.Definition.Matches(definition))
            {
                // A recipe changed the analyzer or the types: a new index, built from scratch.
                _indexes[definition.Name] = new SearchIndex(definition);
                RetireLater(index);
                index = _indexes[definition.Name];
            }
            string? rebuildReason = null;
            await index.Gate.WaitAsync(cancellationToken);
            try
            {
                if (index.Live is null) await OpenOrBuildAsync(index, db, cancellationToken);
                if (!Directory.Exists(index.Live!.Path)) rebuildReason = "lost its folder";
                else
                {
                    if (index.Live.Cursor < prunedThrough) rebuildReason = "is behind change-feed entries already pruned";
                    await ApplyPendingAsync(index, index.Live, db, cancellationToken);
                }
            }
            finally
            {
                index.Gate.Release();
            }
            if (rebuildReason is not null && RequestRebuild(index))
            {
                logger.LogWarning("Search index {Index} {Reason}; rebuilding it.", definition.Name, rebuildReason);
            }
        }
    }

    private async Task OpenOrBuildAsync(SearchIndex index, CmsDbContext db, CancellationToken cancellationToken)
    {
        var current = paths.ReadCurrent(index.Definition.Name);
        if (current is not null && IndexGeneration.CommittedShape(current) == index.Shape)
        {
            index.Swap(IndexGeneration.Open(current, index.Analyzer, index.Shape));
            paths.DeleteOtherGenerations(index.Definition.Name, current);
            return;
        }
        // No generation yet, or one built for another definition or an older document layout: never searched as it is.
        logger.LogInformation("Building search index {Index} from the database{Reason}.", index.Definition.Name,
            current is null ? "" : " (the one on disk was built for another definition or layout)");
        var generation = await BuildAsync(index, db, cancellationToken);
        paths.WriteCurrent(index.Definition.Name, generation.Path);
        index.Swap(generation);
        paths.DeleteOtherGenerations(index.Definition.Name, generation.Path);
    }

    private async Task RebuildAsync(SearchIndex index, CancellationToken cancellationToken)
    {
        await Task.Yield();
        index.RebuildState = RebuildState.Running;
        index.RebuildError = null;
        IndexGeneration? generation = null;
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            generation = await BuildAsync(index, db, cancellationToken);
            var built = watch.Elapsed;
            IndexGeneration? old;
            await index.Gate.WaitAsync(cancellationToken);
            try
            {
                // Entries applied to the old generation while this one was built are applied here too before the swap.
                await ApplyPendingAsync(index, generation, db, cancellationToken);
                generation.CommitIfDue(TimeSpan.Zero);
                paths.WriteCurrent(index.Definition.Name, generation.Path);
                old = index.Swap(generation);
            }
            finally
            {
                index.Gate.Release();
            }
            if (old is not null) RetireLater(old);
            // A rebuild is rare and passes every item through memory: after a large one, what the collector grew its heap to
            // (150 MiB for 100,000 articles) is handed back to the system at once rather than kept for a heap that no longer
            // needs it, at the cost of one full collection.
            if (generation.DocumentCount() >= LargeRebuild) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            index.RebuildState = RebuildState.Idle;
            index.LastRebuildUtc = clock.GetUtcNow().UtcDateTime;
            logger.LogInformation("Search index {Index} rebuilt: {Count} documents in {Built} ms, swapped after {Total} ms.",
                index.Definition.Name, generation.DocumentCount(), (int)built.TotalMilliseconds, (int)watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e)
        {
            if (generation is not null && index.Live != generation)
            {
                generation.Dispose();
                SearchPaths.TryDelete(generation.Path);
            }
            index.RebuildState = e is OperationCanceledException ? RebuildState.Idle : RebuildState.Failed;
            index.RebuildError = e is OperationCanceledException ? null : e.Message;
            if (e is not OperationCanceledException) logger.LogError(e, "Rebuilding search index {Index} failed.", index.Definition.Name);
        }
    }

    /// <summary>A new generation holding every item the definition selects, with the cursor read before the items.</summary>
    private async Task<IndexGeneration> BuildAsync(SearchIndex index, CmsDbContext db, CancellationToken cancellationToken)
    {
        var definition = index.Definition;
        // Entries up to here are reflected by the rows read below; later ones are applied after (applying one twice changes nothing).
        var cursor = await db.ChangeFeed.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
        var generation = IndexGeneration.Open(paths.NewGeneration(definition.Name), index.Analyzer, index.Shape);
        try
        {
            var types = definition.IndexedContentTypes.ToList();
            var after = 0L;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
            var indexing = Task.CompletedTask;
            while (true)
            {
                // The next batch is read while the previous one is analyzed, on every core (the writer takes documents from
                // many threads). Two batches of 500 are in memory at once.
                var rows = await Selected(db, definition).Where(v => types.Contains(v.ContentType) && v.Id > after)
                    .OrderBy(v => v.Id).Take(500).Select(v => new { v.Id, v.Json }).ToListAsync(cancellationToken);
                await indexing;
                if (rows.Count == 0) break;
                after = rows[^1].Id;
                indexing = Task.Run(() => Parallel.ForEach(rows, parallel,
                    row => generation.Writer.AddDocument(SearchDocuments.Build(ContentItemJson.Parse(row.Json), definitions.Current, index.Analyzer))), cancellationToken);
            }
            generation.Commit(cursor);
            return generation;
        }
        catch
        {
            generation.Dispose();
            SearchPaths.TryDelete(generation.Path);
            throw;
        }
    }

    /// <summary>Applies the feed entries after the generation's cursor, a batch per commit. Each entry re-reads its item: order and repeats do no harm.</summary>
    private async Task ApplyPendingAsync(SearchIndex index, IndexGeneration generation, CmsDbContext db, CancellationToken cancellationToken)
    {
        var definition = index.Definition;
        var types = definition.IndexedContentTypes.ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            var cursor = generation.Cursor;
            var entries = await db.ChangeFeed.AsNoTracking().Where(e => e.Sequence > cursor).OrderBy(e => e.Sequence)
                .Take(options.Value.BatchSize).Select(e => new { e.Sequence, e.ContentItemId, e.ContentType }).ToListAsync(cancellationToken);
            if (entries.Count == 0)
            {
                generation.CommitIfDue(options.Value.CommitInterval);
                return;
            }
            var ids = entries.Where(e => e.ContentItemId is not null && e.ContentType is not null && types.Contains(e.ContentType))
                .Select(e => e.ContentItemId!).Distinct().ToList();
            if (ids.Count > 0)
            {
                var rows = await Selected(db, definition).Where(v => ids.Contains(v.ContentItemId) && types.Contains(v.ContentType))
                    .Select(v => new { v.ContentItemId, v.Json }).ToListAsync(cancellationToken);
                var found = rows.ToDictionary(r => r.ContentItemId, r => r.Json);
                foreach (var id in ids)
                {
                    var term = new Term(SearchDocuments.Id, id);
                    if (found.TryGetValue(id, out var json)) generation.Writer.UpdateDocument(term, SearchDocuments.Build(ContentItemJson.Parse(json), definitions.Current, index.Analyzer));
                    else generation.Writer.DeleteDocuments(term);
                }
            }
            generation.Refresh(entries[^1].Sequence);
            progress.Report();
        }
    }

    /// <summary>The versions an index holds: the latest or the published ones.</summary>
    internal static IQueryable<ContentItemVersion> Selected(CmsDbContext db, SearchIndexDefinition definition) =>
        definition.IndexLatest
            ? db.ContentItemVersions.AsNoTracking().Where(v => v.Latest)
            : db.ContentItemVersions.AsNoTracking().Where(v => v.Published);

    // Searches that took a searcher from the old generation just before the swap finish on it; then it goes.
    private static void RetireLater(IndexGeneration old) => AfterGrace(() =>
    {
        old.Dispose();
        SearchPaths.TryDelete(old.Path);
    });

    // An index whose definition changed: its generation goes too (the new index was built in a folder of its own).
    private static void RetireLater(SearchIndex old) => AfterGrace(() =>
    {
        var path = old.Live?.Path;
        old.Dispose();
        if (path is not null) SearchPaths.TryDelete(path);
    });

    private static void AfterGrace(Action retire) => _ = Task.Delay(SwapGrace).ContinueWith(_ => retire(), TaskScheduler.Default);
}
