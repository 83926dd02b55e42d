using System.IO.Compression;
using Cms.Commands;
using Cms.Data;
using Microsoft.Data.Sqlite;

namespace Cms.Backup;

/// <summary>A consistent copy of the database, as a file to put in the archive, with its counts and media paths.</summary>
public sealed record DatabaseCopy(string File, string Entry, BackupCounts Counts, IReadOnlyList<string> MediaPaths);

/// <summary>
/// Copies the database while the site goes on writing, and puts a copy back into an empty one: SQLite's online backup
/// of <c>cms.db</c>, or PostgreSQL's <c>pg_dump</c> and <c>pg_restore</c> (<see cref="PostgreSqlBackup"/>).
/// </summary>
public sealed class DatabaseBackup(DatabaseDialect dialect, DataFolder folder, DatabaseConnection connection)
{
    private const string SqliteEntry = "database/cms.db";

    public DatabaseProvider Provider => dialect.Provider;

    private string SqliteFile => Path.Combine(folder.Path, "cms.db");

    public Task<DatabaseCopy> CopyAsync(string workFolder, CancellationToken cancellationToken) => dialect.IsPostgreSql
        ? new PostgreSqlBackup(connection.ConnectionString).DumpAsync(workFolder, cancellationToken)
        : CopySqliteAsync(workFolder, cancellationToken);

    /// <summary>Why the database cannot be restored into (it holds data), naming it; null when it is empty.</summary>
    public async Task<string?> WhyNotEmptyAsync(CancellationToken cancellationToken)
    {
        if (dialect.IsPostgreSql) return await new PostgreSqlBackup(connection.ConnectionString).WhyNotEmptyAsync(cancellationToken);
        return File.Exists(SqliteFile) ? $"the data folder {folder.Path} holds a database ({SqliteFile})" : null;
    }

    public async Task RestoreAsync(ZipArchiveEntry entry, string workFolder, CancellationToken cancellationToken)
    {
        if (dialect.IsPostgreSql)
        {
            var dump = Path.Combine(workFolder, "cms.pgdump");
            entry.ExtractToFile(dump);
            await new PostgreSqlBackup(connection.ConnectionString).RestoreAsync(dump, cancellationToken);
            return;
        }
        entry.ExtractToFile(SqliteFile);
        await using var restored = Open(SqliteFile);
        await using var check = restored.CreateCommand();
        check.CommandText = "PRAGMA quick_check;";
        var result = (string?)await check.ExecuteScalarAsync(cancellationToken);
        if (result != "ok") throw new CommandException($"The database restored to {SqliteFile} is damaged: {result}");
    }

    /// <summary>The counts of the database as it is now (after a restore: what the manifest says it must hold).</summary>
    public async Task<BackupCounts> CountAsync(CancellationToken cancellationToken)
    {
        if (dialect.IsPostgreSql) return await new PostgreSqlBackup(connection.ConnectionString).CountAsync(cancellationToken);
        await using var db = Open(SqliteFile);
        return await BackupCounts.ReadAsync(db, null, cancellationToken);
    }

    private async Task<DatabaseCopy> CopySqliteAsync(string workFolder, CancellationToken cancellationToken)
    {
        if (!File.Exists(SqliteFile)) throw new CommandException($"There is no database to back up: {SqliteFile} does not exist (Cms:DataPath names the data folder).");
        var copyFile = Path.Combine(workFolder, "cms.db");
        await using var source = Open(SqliteFile);
        await using var copy = Create(copyFile);
        // SQLite's online backup API: every page as of one read transaction, while the web host goes on writing (in WAL
        // mode a reader neither waits for writers nor blocks them).
        source.BackupDatabase(copy);
        await using (var single = copy.CreateCommand())
        {
            // One self-contained file: the copy needs no write-ahead log beside it.
            single.CommandText = "PRAGMA journal_mode=DELETE;";
            await single.ExecuteNonQueryAsync(cancellationToken);
        }
        var counts = await BackupCounts.ReadAsync(copy, null, cancellationToken);
        var media = await BackupCounts.MediaPathsAsync(copy, null, cancellationToken);
        return new DatabaseCopy(copyFile, SqliteEntry, counts, media);
    }

    private static SqliteConnection Open(string file) => Connect(file, SqliteOpenMode.ReadWrite);

    private static SqliteConnection Create(string file) => Connect(file, SqliteOpenMode.ReadWriteCreate);

    // Unpooled: the file is let go when the connection closes, so that the copy can be archived and deleted.
    private static SqliteConnection Connect(string file, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
