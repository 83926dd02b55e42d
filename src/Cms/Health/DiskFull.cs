using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cms.Health;

/// <summary>What a write that ran out of space was writing to.</summary>
public enum StorageKind
{
    Database,
    Media,
    DataFolder,
}

/// <summary>A write refused for lack of space, naming what could not be written (a media file, the database).</summary>
public sealed class StorageFullException(StorageKind kind, string what, Exception inner)
    : IOException($"The disk is full: {what} could not be written.", inner)
{
    public StorageKind Kind { get; } = kind;

    /// <summary>What could not be written, as the answer names it: "the media file 2026/11/koursk.jpg".</summary>
    public string What { get; } = what;
}

/// <summary>Tells an out-of-space failure from any other, whichever layer it comes through (EF Core wraps the provider's).</summary>
public static class DiskFull
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int SqliteFull = 13;
    private const string PostgreSqlDiskFull = "53100";

    public static bool IsOutOfSpace(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is StorageFullException || IsOutOfSpaceError(e)) return true;
        }
        return false;
    }

    /// <summary>What the failure could not write, for an exception <see cref="IsOutOfSpace"/> recognized.</summary>
    public static (StorageKind Kind, string What) Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StorageFullException full:
                    return (full.Kind, full.What);
                case SqliteException { SqliteErrorCode: SqliteFull }:
                    return (StorageKind.Database, "the database");
                case PostgresException { SqlState: PostgreSqlDiskFull }:
                    return (StorageKind.Database, "the database (the PostgreSQL server's disk)");
                case IOException io when IsOutOfSpaceError(io):
                    // Not wrapped by a caller that knows better: a file of the data folder (a rendered variant, a search index).
                    return (StorageKind.DataFolder, "a file of the data folder");
            }
        }
        return (StorageKind.DataFolder, "a file of the data folder");
    }

    private static bool IsOutOfSpaceError(Exception e) => e switch
    {
        // .NET gives an IOException the errno on Unix and the HRESULT of the Win32 error on Windows.
        IOException io => io.HResult is Enospc or Edquot or 0x70 or unchecked((int)0x80070070) or unchecked((int)0x80070027),
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteFull,
        PostgresException postgres => postgres.SqlState == PostgreSqlDiskFull,
        _ => false,
    };
}
