using System.IO.Compression;
using Cms.Commands;
using Cms.Data;

namespace Cms.Backup;

/// <summary>
/// <c>restore &lt;file.zip&gt;</c>: fills an empty data folder (and on PostgreSQL an empty database) from a backup:
/// users, items and their versions, audit trail, change feed, media and keys. It refuses a folder or a database that
/// holds anything, naming it. The search index is not in the archive: the next start builds it from the database.
/// </summary>
public sealed class RestoreCommand(DatabaseBackup database, MediaBackup media, DataFolder folder) : ICliCommand
{
    // What an unused data folder may hold: the web host's lock, left by a host that stopped.
    private static readonly string[] Ignorable = ["cms.lock", "cms.lock.owner"];

    public static string Name => "restore";
    public static string Usage => "<file.zip>";
    public static string Summary => "Fills an empty data folder (on PostgreSQL, an empty database) from a backup archive; the search index is rebuilt at the next start.";

    // The database is the archive's to make: nothing may be created before.
    public static CommandDatabase Database => CommandDatabase.AsItIs;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count != 1 || args[0].StartsWith("--", StringComparison.Ordinal)) throw new CommandException(CommandLine.UsageOf<RestoreCommand>(), CommandLine.UsageError);
        var archive = Path.GetFullPath(args[0]);
        if (!File.Exists(archive)) throw new CommandException($"{archive} does not exist.");

        using var zip = ZipFile.OpenRead(archive);
        var manifest = BackupManifest.ReadFrom(zip, archive);
        if (manifest.Format > BackupManifest.CurrentFormat) throw new CommandException($"{archive} was made by a newer version of the CMS ({manifest.Version}); restore it with that version.");
        if (manifest.Provider != database.Provider.ToString())
        {
            throw new CommandException($"{archive} holds a {manifest.Provider} database, and this CMS is set to {database.Provider} (Cms:Database:Provider).");
        }
        var entry = zip.GetEntry(manifest.DatabaseEntry) ?? throw new CommandException($"{archive} lacks its database ({manifest.DatabaseEntry}).");
        if (await database.WhyNotEmptyAsync(cancellationToken) is { } holdsData)
        {
            throw new CommandException($"Restore fills an empty database only, and {holdsData}. Choose another data folder with Cms:DataPath (environment Cms__DataPath)" +
                (database.Provider == DatabaseProvider.PostgreSql ? " and an empty database with ConnectionStrings:Cms." : "."));
        }
        var content = Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName).Where(n => !Ignorable.Contains(n)).Order().ToList();
        if (content.Count > 0)
        {
            throw new CommandException($"Restore fills an empty data folder only, and {folder.Path} holds {string.Join(", ", content)}. " +
                "Choose another one with Cms:DataPath (environment Cms__DataPath).");
        }

        var work = Directory.CreateTempSubdirectory("cms-restore-").FullName;
        try
        {
            await database.RestoreAsync(entry, work, cancellationToken);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        var (files, bytes) = manifest.Media.InArchive ? await media.RestoreFromAsync(zip, cancellationToken) : (0, 0L);

        var counts = await database.CountAsync(cancellationToken);
        if (counts != manifest.Counts) throw new CommandException($"The restored database does not hold what {archive} says it does: it has {counts}; the manifest says {manifest.Counts}.");
        Console.WriteLine($"Restored {archive} (made {manifest.CreatedUtc:yyyy-MM-dd HH:mm:ss} UTC by version {manifest.Version}) into {folder.Path}: {counts}.");
        Console.WriteLine(manifest.Media.InArchive
            ? $"Media: {files} originals ({bytes / 1024} KiB) written to the {media.Store} store."
            : $"Media: not in the archive; the {manifest.Media.Paths.Count} originals it lists stay in the {manifest.Media.Store} store they were in.");
        Console.WriteLine("The search index is built from the database at the next start.");
        return CommandLine.Succeeded;
    }
}
