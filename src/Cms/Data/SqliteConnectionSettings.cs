using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cms.Data;

/// <summary>
/// Settings a SQLite connection keeps for its life, applied once to each native connection (the pool hands the same
/// one out again and again). <c>temp_store=MEMORY</c>: SQLite's statement journals (what lets one statement of a
/// transaction be undone alone) and temporary sorts stay in memory instead of files under /var/tmp; an import wrote
/// about fifty pages a post to them.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA temp_store=MEMORY;";

    // Keyed by the native handle, which outlives the SqliteConnection objects the pool wraps around it.
    private readonly ConditionalWeakTable<object, object> _configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (Unconfigured(connection) is { } command)
        {
            using (command) command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Unconfigured(connection) is { } command)
        {
            await using (command) await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private DbCommand? Unconfigured(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || _configured.TryGetValue(handle, out _)) return null;
        _configured.AddOrUpdate(handle, this);
        var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        return command;
    }
}
