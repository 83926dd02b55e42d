using System.Runtime.InteropServices;
using Cms.Content;
using Cms.Data;
using Cms.Health;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Media;

/// <summary>What an editor sends with a file.</summary>
public sealed record MediaUpload(string? FileName, string? Folder, string? Alt, string? Caption, string? Credit, FocalPoint? Focus);

/// <summary>Stores an uploaded original under a normalized, unique path and records what is known about it.</summary>
public sealed class MediaUploader(CmsDbContext db, IMediaFileStore store, MediaValidator validator, TimeProvider time)
{
    private const int MaxSuffix = 1000;

    public async Task<Outcome<MediaAsset>> UploadAsync(MediaUpload upload, ReadOnlyMemory<byte> content, Actor actor)
    {
        if (!actor.IsAuthenticated) return new Refusal(RefusalKind.Unauthenticated, "Sign in first.", "Uploading media needs a signed-in user.");
        if (!actor.Has(Permissions.EditOwnContent)) return Refusal.Forbidden("Uploading media needs the EditOwnContent permission.");
        var checkedFile = validator.Validate(content);
        if (!checkedFile.Succeeded) return checkedFile.Refusal!;
        var (type, header) = checkedFile.Value;

        var now = time.GetUtcNow().UtcDateTime;
        var folder = MediaPaths.NormalizeFolder(string.IsNullOrWhiteSpace(upload.Folder) ? now.ToString("yyyy/MM") : upload.Folder);
        var fileName = MediaPaths.NormalizeFileName(upload.FileName, type);
        // Room for a "-1000" suffix; a longer path would not fit the library's columns.
        if (MediaPaths.Combine(folder, fileName).Length + 5 > MediaPaths.MaxLength)
        {
            return Refusal.Invalid($"The folder is too long: a path holds at most {MediaPaths.MaxLength} characters.",
                new Dictionary<string, string[]> { ["folder"] = [$"At most {MediaPaths.MaxLength} characters with the file name."] });
        }
        for (var number = 1; number <= MaxSuffix; number++)
        {
            var candidate = number == 1 ? fileName : MediaPaths.WithSuffix(fileName, number);
            var path = MediaPaths.Combine(folder, candidate);
            if (await db.Set<MediaAsset>().AnyAsync(a => a.Path == path)) continue;

            // The row first: its primary key decides which of two uploads (on any node) gets the name, which a shared
            // store cannot (S3 has no create-if-absent that every server honours). Only the winner writes the file.
            var asset = new MediaAsset
            {
                Path = path, Folder = folder, FileName = candidate, ContentType = type.ContentType, Length = content.Length,
                Width = header.Width, Height = header.Height, Alt = Trim(upload.Alt), Caption = Trim(upload.Caption), Credit = Trim(upload.Credit),
                FocusX = upload.Focus?.X, FocusY = upload.Focus?.Y, UploadedBy = actor.UserName, UploadedByUserId = actor.UserId, UploadedUtc = now,
            };
            if (!await ClaimAsync(asset)) continue;

            bool written;
            try
            {
                using var stream = MemoryMarshal.TryGetArray(content, out var array)
                    ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
                    : new MemoryStream(content.ToArray(), writable: false);
                written = await store.TryCreateAsync(path, stream);
            }
            catch (Exception e)
            {
                await ReleaseAsync(asset);
                if (DiskFull.IsOutOfSpace(e)) throw new StorageFullException(StorageKind.Media, $"the media file {path}", e);
                throw;
            }
            if (written) return asset;
            // A file nobody recorded has that name (left by a crash, or a delete still under way): leave it, take the next name.
            await ReleaseAsync(asset);
        }
        return Refusal.Conflict($"Too many files are named {fileName} in {folder}.");
    }

    /// <summary>Records the asset; false when another upload recorded its path first.</summary>
    private async Task<bool> ClaimAsync(MediaAsset asset)
    {
        db.Add(asset);
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(asset).State = EntityState.Detached;
            // Only a lost race for the name is another upload's business; any other failure is ours to report.
            if (await db.Set<MediaAsset>().AnyAsync(a => a.Path == asset.Path)) return false;
            throw;
        }
    }

    /// <summary>Gives the name back when its file could not be written, so that the library lists no file that is not there.</summary>
    private async Task ReleaseAsync(MediaAsset asset)
    {
        db.Remove(asset);
        await db.SaveChangesAsync(CancellationToken.None);
        db.Entry(asset).State = EntityState.Detached;
    }

    private static string? Trim(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        return trimmed.Length > 1000 ? trimmed[..1000] : trimmed;
    }
}
