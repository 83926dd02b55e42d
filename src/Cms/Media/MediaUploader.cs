using Cms.Content;
using Cms.Data;
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
        for (var number = 1; number <= MaxSuffix; number++)
        {
            var candidate = number == 1 ? fileName : MediaPaths.WithSuffix(fileName, number);
            var path = MediaPaths.Combine(folder, candidate);
            if (await db.Set<MediaAsset>().AnyAsync(a => a.Path == path)) continue;
            using var stream = new MemoryStream(content.ToArray(), writable: false);
            if (!await store.TryCreateAsync(path, stream)) continue;

            var asset = new MediaAsset
            {
                Path = path, Folder = folder, FileName = candidate, ContentType = type.ContentType, Length = content.Length,
                Width = header.Width, Height = header.Height, Alt = Trim(upload.Alt), Caption = Trim(upload.Caption), Credit = Trim(upload.Credit),
                FocusX = upload.Focus?.X, FocusY = upload.Focus?.Y, UploadedBy = actor.UserName, UploadedByUserId = actor.UserId, UploadedUtc = now,
            };
            db.Add(asset);
            try
            {
                await db.SaveChangesAsync();
                return asset;
            }
            catch (DbUpdateException)
            {
                // Someone recorded this path between our check and our insert: give the name back and try the next one.
                db.Entry(asset).State = EntityState.Detached;
                await store.DeleteAsync(path);
            }
        }
        return Refusal.Conflict($"Too many files are named {fileName} in {folder}.");
    }

    private static string? Trim(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        return trimmed.Length > 1000 ? trimmed[..1000] : trimmed;
    }
}
