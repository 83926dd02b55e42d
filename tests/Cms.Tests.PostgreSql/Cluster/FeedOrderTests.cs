using Cms.Changes;
using Cms.Content;
using Cms.Data;
using Cms.Security;
using Cms.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cms.Tests.Cluster;

/// <summary>
/// On PostgreSQL a transaction can commit a sequence value after another transaction committed a higher one; a follower
/// that had read the higher one would then skip the lower for ever. Feed appends take a lock held until the commit,
/// so sequence values become visible in order.
/// </summary>
public sealed class FeedOrderTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task Without_the_feed_lock_a_higher_sequence_can_be_visible_before_a_lower_one()
    {
        // The hazard itself, with plain inserts: what the lock exists for (and what makes the next test able to fail).
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        await using var t1 = await first.BeginTransactionAsync();
        var lower = await InsertAsync(first, t1);
        await using var t2 = await second.BeginTransactionAsync();
        var higher = await InsertAsync(second, t2);
        await t2.CommitAsync();

        var visible = await VisibleAfterAsync(lower - 1);
        Assert.True(higher > lower);
        Assert.Contains(higher, visible);
        Assert.DoesNotContain(lower, visible);
        await t1.CommitAsync();
    }

    [Fact]
    public async Task A_feed_append_waits_for_an_earlier_open_append_and_commits_after_it()
    {
        using var holder = Host.Services.CreateScope();
        var db = holder.ServiceProvider.GetRequiredService<CmsDbContext>();
        var dialect = holder.ServiceProvider.GetRequiredService<DatabaseDialect>();
        await using var open = await db.Database.BeginTransactionAsync();
        await dialect.LockFeedAsync(db);
        var entry = new ChangeFeedEntry { Event = ChangeEvents.RolesChanged, Source = ChangeSources.Api, Utc = DateTime.UtcNow };
        db.ChangeFeed.Add(entry);
        await db.SaveChangesAsync();

        // Another writer, through the lifecycle as every change goes, while the first append is still open.
        var later = Task.Run(async () =>
        {
            using var scope = Host.Services.CreateScope();
            var lifecycle = scope.ServiceProvider.GetRequiredService<ContentLifecycle>();
            await using var transaction = await lifecycle.BeginAsync();
            lifecycle.Record(ChangeEvents.RolesChanged, Actor.System);
            await transaction.CommitAsync();
            return scope.ServiceProvider.GetRequiredService<RequestChangeSequence>().Committed;
        });
        await Task.Delay(700);
        Assert.False(later.IsCompleted, "the second append committed while the first was open");
        Assert.DoesNotContain(entry.Sequence, await VisibleAfterAsync(entry.Sequence - 1));

        await open.CommitAsync();
        var second = await later.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(second > entry.Sequence);
        var visible = await VisibleAfterAsync(entry.Sequence - 1);
        Assert.Contains(entry.Sequence, visible);
        Assert.Contains(second, visible);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(Host.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    private static async Task<long> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction transaction)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO \"ChangeFeed\" (\"Event\", \"Source\", \"Utc\", \"AffectsPublished\") VALUES ('roles.changed', 'api', now(), false) RETURNING \"Sequence\"",
            conn, transaction);
        return (long)(await insert.ExecuteScalarAsync())!;
    }

    private async Task<List<long>> VisibleAfterAsync(long after)
    {
        using var scope = Host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return await db.ChangeFeed.AsNoTracking().Where(e => e.Sequence > after).Select(e => e.Sequence).ToListAsync();
    }
}
