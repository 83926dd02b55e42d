using System.IO.Compression;
using Cms.Commands;
using Cms.Media;

namespace Cms.Backup;

/// <summary>
/// <c>backup &lt;file.zip&gt; [--with-media]</c>: the database (a consistent copy, taken while the site runs), the media
/// originals and a manifest, in one zip archive. The keys (data protection, media signing) are in the database, so
/// cookies, tokens and image URLs handed out before still work after a restore. The search index is left out: it is
/// rebuilt at the first start after a restore.
/// </summary>
public sealed class BackupCommand(DatabaseBackup database, MediaBackup media, TimeProvider clock) : ICliCommand
{
    public static string Name => "backup";
    public static string Usage => "<file.zip> [--with-media]";
    public static string Summary => "Writes the database, the media originals and a manifest to one zip archive, while the site runs (--with-media: also the originals kept on S3).";

    // It reads the database as it is: a backup neither migrates it nor sets it up.
    public static CommandDatabase Database => CommandDatabase.AsItIs;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var options = args.Except(files).ToList();
        if (files.Count != 1 || options.Any(o => o != "--with-media"))
        {
            throw new CommandException($"{CommandLine.UsageOf<BackupCommand>()}", CommandLine.UsageError);
        }
        var target = Path.GetFullPath(files[0]);
        if (File.Exists(target)) throw new CommandException($"{target} already exists: a backup never replaces a file; choose another name.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        var work = Directory.CreateTempSubdirectory("cms-backup-").FullName;
        // Written beside the target, then renamed: an interrupted backup never leaves a file that looks complete.
        var partial = target + ".partial";
        try
        {
            var copy = await database.CopyAsync(work, cancellationToken);
            BackupManifest manifest;
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(copy.File, copy.Entry, CompressionLevel.Fastest);
                var copied = media.Store == MediaStoreKind.Local || options.Contains("--with-media")
                    ? await media.CopyIntoAsync(zip, copy.MediaPaths, cancellationToken)
                    : media.ListOnly(copy.MediaPaths);
                manifest = new BackupManifest(BackupManifest.CurrentFormat, BackupManifest.CmsVersion, database.Provider.ToString(),
                    clock.GetUtcNow().UtcDateTime, copy.Entry, copy.Counts, copied);
                manifest.WriteTo(zip);
            }
            File.Move(partial, target);
            Console.WriteLine($"Backed up to {target} ({new FileInfo(target).Length / 1024} KiB): {manifest.Provider} database with {manifest.Counts}.");
            Console.WriteLine(manifest.Media.InArchive
                ? $"Media: {manifest.Media.Paths.Count - manifest.Media.Missing.Count} originals ({manifest.Media.Bytes / 1024} KiB) in the archive."
                : $"Media: {manifest.Media.Paths.Count} originals listed in the manifest, left in the {manifest.Media.Store} store (--with-media copies them).");
            if (manifest.Media.Missing.Count > 0)
            {
                await Console.Error.WriteLineAsync($"{manifest.Media.Missing.Count} media files of the library could not be read (deleted meanwhile?): {string.Join(", ", manifest.Media.Missing.Take(10))}");
            }
            return CommandLine.Succeeded;
        }
        finally
        {
            File.Delete(partial);
            Directory.Delete(work, recursive: true);
        }
    }
}
