using System.IO.Compression;
using Cms.Media;
using Microsoft.Extensions.Options;

namespace Cms.Backup;

/// <summary>
/// The media originals of a backup, read and written through the configured store (local folder or S3 bucket), so
/// that neither the rendered variants nor the search index come along: they are made again from the originals.
/// </summary>
public sealed class MediaBackup(IMediaFileStore store, IOptions<MediaOptions> options)
{
    public MediaStoreKind Store => options.Value.Store;

    /// <summary>Copies each original into the archive under <c>media/</c>; a row whose file cannot be read is listed as missing.</summary>
    public async Task<BackupMedia> CopyIntoAsync(ZipArchive zip, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        long bytes = 0;
        foreach (var path in paths)
        {
            await using var source = await store.OpenReadAsync(path, cancellationToken);
            if (source is null)
            {
                // Deleted between the database's snapshot and now: the restored library would name a file that is not there.
                missing.Add(path);
                continue;
            }
            // Images are compressed already: storing them as they are costs no space and saves the time.
            await using var entry = zip.CreateEntry(BackupManifest.MediaFolder + path, CompressionLevel.NoCompression).Open();
            await source.CopyToAsync(entry, cancellationToken);
            bytes += source.Length;
        }
        return new BackupMedia(Store.ToString(), InArchive: true, bytes, paths, missing);
    }

    /// <summary>The originals stay in the shared bucket: the manifest lists them, the archive does not hold them.</summary>
    public BackupMedia ListOnly(IReadOnlyList<string> paths) => new(Store.ToString(), InArchive: false, 0, paths, []);

    /// <summary>Writes the archive's originals to the store; one already there is left as it is. Returns the files and bytes written.</summary>
    public async Task<(int Files, long Bytes)> RestoreFromAsync(ZipArchive zip, CancellationToken cancellationToken)
    {
        var files = 0;
        long bytes = 0;
        foreach (var entry in zip.Entries)
        {
            if (!entry.FullName.StartsWith(BackupManifest.MediaFolder, StringComparison.Ordinal) || entry.FullName.EndsWith('/')) continue;
            var path = entry.FullName[BackupManifest.MediaFolder.Length..];
            if (!MediaPaths.IsValid(path)) continue;
            // Buffered: a bucket needs the length before the bytes, which a zip entry's stream does not give.
            using var content = new MemoryStream(checked((int)entry.Length));
            await using (var source = entry.Open()) await source.CopyToAsync(content, cancellationToken);
            content.Position = 0;
            if (!await store.TryCreateAsync(path, content, cancellationToken)) continue;
            files++;
            bytes += entry.Length;
        }
        return (files, bytes);
    }
}
