using Cms.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cms.Data;

/// <summary>
/// The transaction of a scope and the change-feed entries it will append. The first <see cref="BeginAsync"/> owns the
/// transaction; nested ones (a recipe running many steps) join it. Entries staged by any of them are appended when the
/// owner commits, under the feed lock, and this node's followers have applied them before <see cref="Transaction.CommitAsync"/>
/// returns: whoever made a change reads it back at once.
/// </summary>
public sealed class UnitOfWork(CmsDbContext db, DatabaseDialect dialect, ChangeFeedFollower follower, RequestChangeSequence written)
{
    private readonly List<ChangeFeedEntry> _pending = [];

    public CmsDbContext Db => db;

    public async Task<Transaction> BeginAsync(CancellationToken cancellationToken = default) =>
        new(this, db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null);

    /// <summary>Adds an entry to append when the owning transaction commits.</summary>
    public void Stage(ChangeFeedEntry entry) => _pending.Add(entry);

    private async Task CommitAsync(IDbContextTransaction owned, CancellationToken cancellationToken)
    {
        var entries = await WriteAndCommitAsync(owned, cancellationToken);
        if (entries.Count == 0) return;
        var sequence = entries.Max(e => e.Sequence);
        // Someone is waiting for the answer (the API, the admin): the search indexes catch up too. Bulk sources do not wait for them.
        var someoneWaits = entries.Any(e => e.Source is ChangeSources.Api or ChangeSources.Admin);
        await follower.CatchUpAsync(sequence, ChangeFeedFollower.ReadYourWritesWait, cancellationToken, everywhere: someoneWaits);
    }

    /// <summary>
    /// For a bulk writer (an import) that commits batch after batch: this node's followers are woken but not waited for;
    /// the writer waits once, at its end (<see cref="ChangeFeedFollower.CatchUpAsync"/> with the sequence returned).
    /// </summary>
    private async Task<long> CommitWithoutWaitingAsync(IDbContextTransaction owned, CancellationToken cancellationToken)
    {
        var entries = await WriteAndCommitAsync(owned, cancellationToken);
        if (entries.Count == 0) return 0;
        follower.Wake();
        return entries.Max(e => e.Sequence);
    }

    private async Task<List<ChangeFeedEntry>> WriteAndCommitAsync(IDbContextTransaction owned, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        var entries = _pending.ToList();
        if (entries.Count > 0)
        {
            // Last, after every other write: the lock is then held for the inserts and the commit only, and never while
            // waiting for a row another writer holds (which would deadlock with a writer waiting for this lock).
            await dialect.LockFeedAsync(db);
            db.Set<ChangeFeedEntry>().AddRange(entries);
            await db.SaveChangesAsync(cancellationToken);
            await dialect.NotifyAsync(db);
        }
        await owned.CommitAsync(cancellationToken);
        _pending.Clear();
        if (entries.Count == 0) return entries;
        foreach (var entry in entries) db.Entry(entry).State = EntityState.Detached;
        written.Committed = Math.Max(written.Committed, entries.Max(e => e.Sequence));
        return entries;
    }

    private void Abandon()
    {
        _pending.Clear();
        db.ChangeTracker.Clear();
    }

    public sealed class Transaction : IAsyncDisposable
    {
        private readonly UnitOfWork _unit;
        private readonly IDbContextTransaction? _owned;
        private bool _committed;

        internal Transaction(UnitOfWork unit, IDbContextTransaction? owned)
        {
            _unit = unit;
            _owned = owned;
        }

        /// <summary>Whether this is the outermost transaction (nested ones commit with it).</summary>
        public bool Owns => _owned is not null;

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            if (_owned is null)
            {
                // Joined: the owner saves and commits; this step's writes are saved now so that later steps see them.
                await _unit.Db.SaveChangesAsync(cancellationToken);
                return;
            }
            await _unit.CommitAsync(_owned, cancellationToken);
            _committed = true;
        }

        /// <summary>
        /// Commits as <see cref="CommitAsync"/> does, without waiting for this node's followers: for a bulk writer, which
        /// waits once at its end. Returns the last feed sequence written (0: none). Only the outermost transaction may.
        /// </summary>
        public async Task<long> CommitWithoutWaitingAsync(CancellationToken cancellationToken = default)
        {
            if (_owned is null) throw new InvalidOperationException("A joined transaction commits with its owner.");
            var sequence = await _unit.CommitWithoutWaitingAsync(_owned, cancellationToken);
            _committed = true;
            return sequence;
        }

        public async ValueTask DisposeAsync()
        {
            if (_owned is null) return;
            if (!_committed) _unit.Abandon();
            await _owned.DisposeAsync();
        }
    }
}
