using System.Linq.Expressions;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Cms.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>The <c>Cms:Database</c> section; the PostgreSQL connection string is <c>ConnectionStrings:Cms</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Cms:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

/// <summary>
/// What differs between the providers, in one place: locks that serialize writers, the wake-up other nodes get on a
/// commit, and the few queries SQL dialects spell differently. Everything else is the same EF Core model.
/// </summary>
public sealed class DatabaseDialect(DatabaseProvider provider)
{
    /// <summary>The PostgreSQL channel on which a commit that wrote to the change feed wakes every node.</summary>
    public const string ChangesChannel = "cms_changes";

    // Advisory lock keys: "CMS" in the high bytes, then what the lock is for.
    private const long FeedLockKey = 0x434D53_0001;
    private const long StartupLockKey = 0x434D53_0002;
    public const long SchedulerLockKey = 0x434D53_0003;

    public DatabaseProvider Provider { get; } = provider;

    public bool IsPostgreSql => Provider == DatabaseProvider.PostgreSql;

    /// <summary>
    /// Taken just before feed entries are inserted and held until the commit, so that sequence values are handed out in
    /// commit order: on PostgreSQL a transaction that took value 7 could otherwise commit after one that took 8, and a
    /// follower that had read 8 would skip 7 for ever. SQLite has one writer at a time already.
    /// </summary>
    public Task LockFeedAsync(CmsDbContext db) => IsPostgreSql
        ? db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({FeedLockKey})")
        : Task.CompletedTask;

    /// <summary>Tells every node's listener that the feed grew; PostgreSQL delivers it when the transaction commits.</summary>
    public Task NotifyAsync(CmsDbContext db) => IsPostgreSql
        ? db.Database.ExecuteSqlRawAsync($"SELECT pg_notify('{ChangesChannel}', '')")
        : Task.CompletedTask;

    /// <summary>
    /// Serializes writers around one thing (a taxonomy): many may hold it shared, one exclusively, until their commits.
    /// SQLite transactions are already serialized (BEGIN IMMEDIATE), so there it costs nothing.
    /// </summary>
    public Task LockAsync(CmsDbContext db, string what, bool exclusive)
    {
        if (!IsPostgreSql) return Task.CompletedTask;
        var key = KeyOf(what);
        return exclusive
            ? db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", key)
            : db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock_shared({0})", key);
    }

    /// <summary>Holds the start-up lock on the context's connection (nodes starting together migrate and set up one at a time).</summary>
    public async Task<IAsyncDisposable> LockStartupAsync(CmsDbContext db)
    {
        if (!IsPostgreSql) return NoLock.Instance;
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({StartupLockKey})");
        return new StartupLock(db);
    }

    /// <summary>Items whose title contains <paramref name="text"/>, ignoring case (SQLite's LIKE ignores ASCII case only).</summary>
    public IQueryable<ContentItemVersion> TitleContains(IQueryable<ContentItemVersion> versions, string text)
    {
        var pattern = "%" + text.Replace("\\", "").Replace("%", "").Replace("_", "") + "%";
        return IsPostgreSql
            ? versions.Where(v => EF.Functions.ILike(v.DisplayText!, pattern))
            : versions.Where(v => EF.Functions.Like(v.DisplayText, pattern));
    }

    /// <summary>
    /// <c>column LIKE pattern ESCAPE '\'</c> ignoring case, for a query built at run time (the GraphQL API's filters):
    /// ILIKE on PostgreSQL, LIKE on SQLite (whose LIKE ignores ASCII case). <paramref name="pattern"/> should read a captured
    /// value, which EF Core sends as a parameter; <see cref="LikePattern"/> makes one.
    /// </summary>
    public Expression LikeIgnoringCase(Expression column, Expression pattern) =>
        Expression.Call(IsPostgreSql ? ILikeMethod : LikeMethod, Expression.Constant(EF.Functions), column, pattern, Expression.Constant("\\"));

    /// <summary>A LIKE pattern (escape character <c>\</c>) matching text that contains <paramref name="text"/>, or starts with it.</summary>
    public static string LikePattern(string text, bool startsWith)
    {
        var escaped = text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
        return (startsWith ? "" : "%") + escaped + "%";
    }

    private static readonly MethodInfo LikeMethod = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    private static readonly MethodInfo ILikeMethod = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    /// <summary>Published versions whose document text contains <paramref name="text"/> (jsonb is searched as text on PostgreSQL).</summary>
    public IQueryable<ContentItemVersion> PublishedContaining(CmsDbContext db, string text)
    {
        var pattern = "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        return IsPostgreSql
            ? db.ContentItemVersions.FromSqlInterpolated($"SELECT * FROM \"ContentItemVersions\" WHERE \"Published\" AND \"Json\"::text LIKE {pattern} ESCAPE '\\'").AsNoTracking()
            : db.ContentItemVersions.AsNoTracking().Where(v => v.Published && EF.Functions.Like(v.Json, pattern, "\\"));
    }

    private static long KeyOf(string what) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(what)), 0);

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class StartupLock(CmsDbContext db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({StartupLockKey})");
            await db.Database.CloseConnectionAsync();
        }
    }
}
