using System.IO.Compression;
using System.Text.Json;
using Cms.Backup;
using Cms.Data;
using Cms.Media;
using Microsoft.EntityFrameworkCore;

namespace Cms.Recipes;

/// <summary>
/// The media that goes with an exported recipe: the originals under <c>media/</c> (as a backup holds them), read and
/// written through the configured store, local or S3, and the library's rows (alt text, caption, credit, focal point)
/// in <c>media-library.json</c>, which Orchard's recipes have no step for.
/// </summary>
public sealed class RecipeMediaArchive(CmsDbContext db, MediaBackup media)
{
    public const string LibraryEntry = "media-library.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = Content.ContentItemJson.WriterOptions.Encoder };

    /// <summary>Writes the archive; returns the files in it and those the library names but the store no longer has.</summary>
    public async Task<(int Files, IReadOnlyList<string> Missing)> WriteAsync(string archivePath, CancellationToken cancellationToken)
    {
        var assets = await db.Set<MediaAsset>().AsNoTracking().OrderBy(a => a.Path).ToListAsync(cancellationToken);
        await using var stream = new FileStream(archivePath, FileMode.Create, FileAccess.Write, FileShare.None);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        var copied = await media.CopyIntoAsync(zip, assets.Select(a => a.Path).ToList(), cancellationToken);
        var missing = copied.Missing.ToHashSet(StringComparer.Ordinal);
        await using (var entry = zip.CreateEntry(LibraryEntry, CompressionLevel.Optimal).Open())
        {
            await JsonSerializer.SerializeAsync(entry, assets.Where(a => !missing.Contains(a.Path)).ToList(), Json, cancellationToken);
        }
        return (assets.Count - missing.Count, copied.Missing);
    }

    /// <summary>
    /// Writes the archive's originals to the store and their rows to the library; a file or a row already there is left
    /// as it is. Returns the files written and the rows added.
    /// </summary>
    public async Task<(int Files, int Rows)> RestoreAsync(string archivePath, CancellationToken cancellationToken)
    {
        using var zip = ZipFile.OpenRead(archivePath);
        var library = zip.GetEntry(LibraryEntry) ?? throw new RecipeException($"{archivePath} is not a media archive of an export: it has no {LibraryEntry}.");
        List<MediaAsset> assets;
        try
        {
            await using var json = library.Open();
            assets = await JsonSerializer.DeserializeAsync<List<MediaAsset>>(json, Json, cancellationToken) ?? [];
        }
        catch (JsonException e)
        {
            throw new RecipeException($"{archivePath}: {LibraryEntry} cannot be read: {e.Message}");
        }
        if (assets.FirstOrDefault(a => !MediaPaths.IsValid(a.Path)) is { } invalid) throw new RecipeException($"{archivePath}: '{invalid.Path}' is not a media path.");

        var (files, _) = await media.RestoreFromAsync(zip, cancellationToken);
        var paths = assets.Select(a => a.Path).ToList();
        var known = (await db.Set<MediaAsset>().Where(a => paths.Contains(a.Path)).Select(a => a.Path).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var added = assets.Where(a => !known.Contains(a.Path)).ToList();
        db.Set<MediaAsset>().AddRange(added);
        await db.SaveChangesAsync(cancellationToken);
        return (files, added.Count);
    }
}
