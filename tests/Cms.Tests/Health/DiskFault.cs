using System.Data.Common;
using Cms.Data;
using Cms.Media;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Health;

/// <summary>
/// A disk that fills up when a test says so: the media store's writes then fail as Linux fails them (an IOException
/// with errno ENOSPC), and the database's writes as SQLite does (SQLITE_FULL). Everything else is the real host.
/// </summary>
public sealed class DiskFault
{
    private volatile bool _mediaFull;
    private volatile bool _databaseFull;

    public bool MediaFull
    {
        get => _mediaFull;
        set => _mediaFull = value;
    }

    public bool DatabaseFull
    {
        get => _databaseFull;
        set => _databaseFull = value;
    }

    /// <summary>For <c>CmsHost.StartAsync(services: …)</c>: wraps the configured media store and adds the database interceptor.</summary>
    public void Install(IServiceCollection services)
    {
        var store = (IMediaFileStore)services.Last(d => d.ServiceType == typeof(IMediaFileStore)).ImplementationInstance!;
        services.AddSingleton<IMediaFileStore>(new FullMediaStore(store, this));
        // One instance for every context, as the CMS's own interceptor: EF Core keeps one internal service provider per set of options.
        var database = new FullDatabase(this);
        services.ConfigureDbContext<SqliteCmsDbContext>(o => o.AddInterceptors(database));
    }

    private sealed class FullMediaStore(IMediaFileStore store, DiskFault fault) : IMediaFileStore
    {
        public Task<MediaFileInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default) => store.GetInfoAsync(path, cancellationToken);

        public Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default) => store.OpenReadAsync(path, cancellationToken);

        public Task<bool> TryCreateAsync(string path, Stream content, CancellationToken cancellationToken = default) => fault.MediaFull
            ? throw new IOException($"No space left on device : '/data/media/{path}'", 28)
            : store.TryCreateAsync(path, content, cancellationToken);

        public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default) => store.DeleteAsync(path, cancellationToken);
    }

    private sealed class FullDatabase(DiskFault fault) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            RefuseWrites(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            RefuseWrites(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            RefuseWrites(command);
            return result;
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            RefuseWrites(command);
            return result;
        }

        private void RefuseWrites(DbCommand command)
        {
            if (!fault.DatabaseFull) return;
            var sql = command.CommandText.TrimStart();
            if (sql.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                || sql.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase))
            {
                throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
            }
        }
    }
}
