using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Changes;

/// <summary>Something this node holds that follows the change feed: a cache, the definitions, the role permissions.</summary>
public interface IChangeFeedListener
{
    /// <summary>Applies committed entries, in sequence order, once each.</summary>
    ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken);

    /// <summary>Entries this node had not applied were pruned: drop (or reload) everything.</summary>
    ValueTask ResetAsync(CancellationToken cancellationToken);
}

/// <summary>A follower that keeps its own cursor (a search index): requests that asked to see a sequence wait for it too.</summary>
public interface IChangeFeedCursor
{
    /// <summary>The last sequence it has applied; <see cref="long.MaxValue"/> when it follows nothing right now.</summary>
    long Position { get; }
}

/// <summary>
/// This node's reader of the change feed: applies every entry, in order, to the node's listeners. Woken by this node's
/// commits and by other nodes' (PostgreSQL NOTIFY), polling as a fallback. It starts at the feed's end when the node
/// starts (the node's caches start empty); a node whose position fell behind pruned entries resets its listeners.
/// </summary>
public sealed class ChangeFeedFollower(IServiceScopeFactory scopes, IEnumerable<IChangeFeedListener> listeners, IEnumerable<IChangeFeedCursor> cursors,
    ChangeFeedProgress progress, IOptions<ChangeFeedOptions> options, TimeProvider clock, ILogger<ChangeFeedFollower> logger) : BackgroundService
{
    /// <summary>How long a write's answer, or a request that asked to see a sequence, waits for this node to catch up.</summary>
    public static readonly TimeSpan ReadYourWritesWait = TimeSpan.FromSeconds(1);

    public const string PrunedThroughDocument = "ChangeFeedPrunedThrough";

    private readonly IChangeFeedListener[] _listeners = listeners.ToArray();
    private readonly IChangeFeedCursor[] _cursors = cursors.ToArray();
    private TaskCompletionSource _wake = NewSignal();
    private long _applied = -1;
    private long _startedAt = -1;
    private long _appliedCount;
    private volatile bool _running;

    /// <summary>The last sequence this node's listeners have applied.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Where this node started following (the feed's end when it started).</summary>
    public long StartedAt => Interlocked.Read(ref _startedAt);

    /// <summary>How many entries this node has applied since it started: with <see cref="StartedAt"/>, what shows that none was skipped.</summary>
    public long AppliedCount => Interlocked.Read(ref _appliedCount);

    /// <summary>The position of the slowest follower with a cursor of its own (search indexes), or of the listeners.</summary>
    public long AppliedEverywhere => Math.Min(Applied, _cursors.Length == 0 ? long.MaxValue : _cursors.Min(c => c.Position));

    /// <summary>
    /// How many feed entries the slowest follower with a cursor of its own (a search index) is behind this node's
    /// listeners, which are within a poll of the feed's end. A search index being built for the first time follows
    /// nothing yet, and the live generation of one being rebuilt keeps following: neither counts.
    /// </summary>
    public long CursorLag => Math.Max(0, Applied - AppliedEverywhere);

    /// <summary>Starts the node at the feed's current end; called once at start-up, before anything is cached.</summary>
    public async Task StartAtEndAsync(CmsDbContext db)
    {
        var end = await db.Set<ChangeFeedEntry>().MaxAsync(e => (long?)e.Sequence) ?? 0;
        if (Interlocked.CompareExchange(ref _applied, end, -1) == -1) Interlocked.Exchange(ref _startedAt, end);
    }

    public void Wake() => Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();

    /// <summary>
    /// Waits until this node has applied <paramref name="sequence"/> (and, with <paramref name="everywhere"/>, so have the
    /// followers with cursors of their own), at most <paramref name="timeout"/>. False when the time ran out.
    /// </summary>
    public async Task<bool> CatchUpAsync(long sequence, TimeSpan timeout, CancellationToken cancellationToken = default, bool everywhere = false)
    {
        long Position() => everywhere ? AppliedEverywhere : Applied;
        // Before the node serves anything (its start-up set-up) nothing is cached yet: there is nothing to wait for.
        if (!_running || Position() >= sequence) return true;
        Wake();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var moved = progress.Next;
                if (Position() >= sequence) return true;
                await moved.WaitAsync(timer.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Position() >= sequence;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running = true;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref _wake).Task;
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
                logger.LogError(e, "Following the change feed failed; retrying shortly.");
            }
            try
            {
                await Task.WhenAny(wake, Task.Delay(options.Value.PollInterval, clock, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (Applied < 0) await StartAtEndAsync(db);
        while (true)
        {
            var applied = Applied;
            var batch = await db.Set<ChangeFeedEntry>().AsNoTracking().Where(e => e.Sequence > applied).OrderBy(e => e.Sequence)
                .Take(options.Value.BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0) break;
            // A gap is a rolled-back transaction's number, or entries pruned before this node read them: only the second loses anything.
            if (batch[0].Sequence > applied + 1 && await PrunedThroughAsync(db, cancellationToken) > applied)
            {
                logger.LogWarning("This node was behind change-feed entries already pruned (it had applied {Applied}); its caches start again.", applied);
                foreach (var listener in _listeners) await Tell(listener, l => l.ResetAsync(cancellationToken));
            }
            foreach (var listener in _listeners) await Tell(listener, l => l.ApplyAsync(batch, cancellationToken));
            Interlocked.Add(ref _appliedCount, batch.Count);
            Interlocked.Exchange(ref _applied, batch[^1].Sequence);
            progress.Report();
            if (batch.Count < options.Value.BatchSize) break;
        }
        progress.Report();
    }

    private async Task Tell(IChangeFeedListener listener, Func<IChangeFeedListener, ValueTask> tell)
    {
        try
        {
            await tell(listener);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One listener's failure must not stop the others, nor hold the node's position back for ever.
            logger.LogError(e, "{Listener} failed to apply change-feed entries.", listener.GetType().Name);
        }
    }

    public static async Task<long> PrunedThroughAsync(CmsDbContext db, CancellationToken cancellationToken)
    {
        var json = await StoredDocuments.ReadAsync(db, PrunedThroughDocument, cancellationToken);
        return json is null ? 0 : System.Text.Json.Nodes.JsonNode.Parse(json)?["Sequence"]?.GetValue<long>() ?? 0;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Signals that some follower of this node moved on, for whoever waits for a sequence.</summary>
public sealed class ChangeFeedProgress
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Report"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Report() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
