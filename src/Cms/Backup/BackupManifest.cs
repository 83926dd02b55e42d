using System.Data.Common;
using System.IO.Compression;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cms.Commands;

namespace Cms.Backup;

/// <summary>What a backup archive holds, written as <c>manifest.json</c> beside the database and the media.</summary>
public sealed record BackupManifest(int Format, string Version, string Provider, DateTime CreatedUtc, string DatabaseEntry, BackupCounts Counts, BackupMedia Media)
{
    public const string Entry = "manifest.json";
    public const string MediaFolder = "media/";
    public const int CurrentFormat = 1;

    // Relaxed escaping: the file is read by people too, and "1.0.0+abc" or "2026/11/élysée.jpg" should read as such.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The version of the CMS that made the archive.</summary>
    public static string CmsVersion =>
        typeof(BackupManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public void WriteTo(ZipArchive zip)
    {
        using var stream = zip.CreateEntry(Entry, CompressionLevel.Optimal).Open();
        JsonSerializer.Serialize(stream, this, Json);
    }

    public static BackupManifest ReadFrom(ZipArchive zip, string archive)
    {
        var entry = zip.GetEntry(Entry) ?? throw new CommandException($"{archive} is not a CMS backup: it has no {Entry}.");
        try
        {
            using var stream = entry.Open();
            return JsonSerializer.Deserialize<BackupManifest>(stream, Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new CommandException($"The {Entry} of {archive} cannot be read: {e.Message}");
        }
    }
}

/// <summary>Row counts of the backed-up database, read from the copy itself: what a restore must find again.</summary>
public sealed record BackupCounts(long Users, long ContentItems, long Versions, long AuditEntries, long ChangeFeedEntries, long LastChangeSequence,
    long MediaFiles, long DataProtectionKeys)
{
    /// <summary>Counts in <paramref name="transaction"/>'s snapshot (quoted names: the same SQL on SQLite and PostgreSQL).</summary>
    public static async Task<BackupCounts> ReadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        async Task<long> Scalar(string sql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
        }

        return new BackupCounts(
            await Scalar("""SELECT COUNT(*) FROM "AspNetUsers" """),
            await Scalar("""SELECT COUNT(DISTINCT "ContentItemId") FROM "ContentItemVersions" """),
            await Scalar("""SELECT COUNT(*) FROM "ContentItemVersions" """),
            await Scalar("""SELECT COUNT(*) FROM "AuditEntries" """),
            await Scalar("""SELECT COUNT(*) FROM "ChangeFeed" """),
            await Scalar("""SELECT COALESCE(MAX("Sequence"), 0) FROM "ChangeFeed" """),
            await Scalar("""SELECT COUNT(*) FROM "MediaAssets" """),
            await Scalar("""SELECT COUNT(*) FROM "DataProtectionKeys" """));
    }

    /// <summary>The media library's paths in the same snapshot: the originals the archive must hold.</summary>
    public static async Task<IReadOnlyList<string>> MediaPathsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """SELECT "Path" FROM "MediaAssets" ORDER BY "Path" """;
        var paths = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) paths.Add(reader.GetString(0));
        return paths;
    }

    public override string ToString() =>
        $"{Users} users, {ContentItems} items in {Versions} versions, {AuditEntries} audit entries, {ChangeFeedEntries} change-feed entries " +
        $"(through {LastChangeSequence}), {MediaFiles} media files, {DataProtectionKeys} data-protection keys";
}

/// <summary>
/// The media originals of the backup: every path of the library (<see cref="Paths"/>), and whether their bytes are in the
/// archive (always from a local store; from S3 with <c>--with-media</c>). <see cref="Missing"/>: rows whose file could not be read.
/// </summary>
public sealed record BackupMedia(string Store, bool InArchive, long Bytes, IReadOnlyList<string> Paths, IReadOnlyList<string> Missing);
