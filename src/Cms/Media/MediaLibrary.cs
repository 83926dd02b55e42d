using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Content;
using Cms.Data;
using Cms.Delivery;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Media;

/// <summary>
/// Reading, describing and deleting library entries; a file a published item shows is not deleted without an editor's
/// say. A change to a file is written to the change feed (<c>media.updated</c>, <c>media.deleted</c>), marked as
/// affecting what readers see when published items show it, so that every node drops the pages showing its caption.
/// </summary>
public sealed class MediaLibrary(CmsDbContext db, IMediaFileStore store, ContentLifecycle lifecycle, PublishedContent published)
{
    public async Task<Outcome<MediaListing>> ListAsync(string? folder, Actor actor)
    {
        if (!actor.Has(Permissions.EditOwnContent)) return Denied(actor, "Browsing the media library needs the EditOwnContent permission.");
        var normalized = MediaPaths.NormalizeFolder(folder);
        var items = await db.Set<MediaAsset>().AsNoTracking().Where(a => a.Folder == normalized).OrderBy(a => a.FileName).ToListAsync();
        var prefix = normalized.Length == 0 ? "" : normalized + "/";
        var below = await db.Set<MediaAsset>().AsNoTracking()
            .Where(a => a.Folder.StartsWith(prefix) && a.Folder != normalized).Select(a => a.Folder).Distinct().ToListAsync();
        var folders = below.Select(f => prefix + f[prefix.Length..].Split('/')[0]).Distinct().Order(StringComparer.Ordinal).ToList();
        return new MediaListing(normalized, folders, items);
    }

    /// <summary>
    /// The latest uploads across folders, newest first; with <paramref name="search"/>, those whose file name, alt text or
    /// caption contains it (any case): what a writer looks for right after an upload, or by what the photo shows.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<MediaAsset>>> LatestAsync(string? search, int take, Actor actor)
    {
        if (!actor.Has(Permissions.EditOwnContent)) return Denied(actor, "Browsing the media library needs the EditOwnContent permission.");
        var assets = db.Set<MediaAsset>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            assets = assets.Where(a => a.FileName.ToLower().Contains(term) || (a.Alt ?? "").ToLower().Contains(term) || (a.Caption ?? "").ToLower().Contains(term));
        }
        return await assets.OrderByDescending(a => a.UploadedUtc).ThenBy(a => a.Path).Take(take).ToListAsync();
    }

    public Task<MediaAsset?> FindAsync(string path) => db.Set<MediaAsset>().AsNoTracking().FirstOrDefaultAsync(a => a.Path == path);

    /// <summary>Changes the texts and focal point; a null member of <paramref name="change"/> leaves that value as it is.</summary>
    /// <summary>The focal points of several files in one query (files without one, or not in the library, are absent).</summary>
    public async Task<IReadOnlyDictionary<string, FocalPoint>> FocusOfAsync(IReadOnlyCollection<string> paths) =>
        (await db.Set<MediaAsset>().AsNoTracking().Where(a => paths.Contains(a.Path) && a.FocusX != null && a.FocusY != null)
            .Select(a => new { a.Path, a.FocusX, a.FocusY }).ToListAsync())
        .ToDictionary(a => a.Path, a => new FocalPoint(a.FocusX!.Value, a.FocusY!.Value));

    public async Task<Outcome<MediaAsset>> UpdateAsync(string path, MediaTextsChange change, Actor actor)
    {
        if (!actor.IsAuthenticated) return Denied(actor, "");
        var asset = await db.Set<MediaAsset>().FirstOrDefaultAsync(a => a.Path == path);
        if (asset is null) return Refusal.NotFound($"There is no media at '{path}'.");
        if (!actor.HasFor(asset.UploadedByUserId, Permissions.EditContent, Permissions.EditOwnContent))
        {
            return Refusal.Forbidden("Editing this file's texts needs the EditContent permission.");
        }
        await using var transaction = await lifecycle.BeginAsync();
        if (change.Alt is not null) asset.Alt = Text(change.Alt);
        if (change.Caption is not null) asset.Caption = Text(change.Caption);
        if (change.Credit is not null) asset.Credit = Text(change.Credit);
        if (change.ChangesFocus)
        {
            asset.FocusX = change.Focus?.X;
            asset.FocusY = change.Focus?.Y;
        }
        var shownBy = await PublishedItemsShowingAsync(path);
        lifecycle.Record(ChangeEvents.MediaUpdated, actor, Describe(path, shownBy), affectsPublished: shownBy.Count > 0);
        await transaction.CommitAsync();
        return asset;
    }

    private static string? Text(string text) => text.Trim() is { Length: > 0 } trimmed ? trimmed[..Math.Min(trimmed.Length, 1000)] : null;

    public async Task<Outcome<MediaAsset>> DeleteAsync(string path, bool force, Actor actor)
    {
        if (!actor.IsAuthenticated) return Denied(actor, "");
        var asset = await db.Set<MediaAsset>().FirstOrDefaultAsync(a => a.Path == path);
        if (asset is null) return Refusal.NotFound($"There is no media at '{path}'.");
        if (!actor.HasFor(asset.UploadedByUserId, Permissions.DeleteContent, Permissions.DeleteOwnContent))
        {
            return Refusal.Forbidden("Deleting this file needs the DeleteContent permission.");
        }

        var shownBy = await PublishedItemsShowingAsync(path);
        if (shownBy.Count > 0 && !(force && actor.Has(Permissions.PublishContent)))
        {
            var ids = shownBy;
            return Refusal.Conflict($"'{path}' is shown by {ids.Count} published item(s); an editor can delete it with ?force=true.") with
            {
                Extensions = new Dictionary<string, object?> { ["contentItemIds"] = ids },
            };
        }

        await using (var transaction = await lifecycle.BeginAsync())
        {
            db.Remove(asset);
            lifecycle.Record(ChangeEvents.MediaDeleted, actor, Describe(path, shownBy), affectsPublished: shownBy.Count > 0);
            await transaction.CommitAsync();
        }
        await store.DeleteAsync(path);
        return asset;
    }

    /// <summary>The published items whose MediaFields (any <c>Paths</c> array of the document) name <paramref name="path"/>.</summary>
    private async Task<List<string>> PublishedItemsShowingAsync(string path)
    {
        var candidates = await published.ContainingAsync("\"" + path + "\"");
        return candidates.Where(c => NamesPath(JsonNode.Parse(c.Json), path)).Select(c => c.ContentItemId).ToList();
    }

    private static JsonObject Describe(string path, List<string> shownBy) =>
        new() { ["path"] = path, ["shownBy"] = JsonValues.ToArray(shownBy) };

    private static bool NamesPath(JsonNode? node, string path) => node switch
    {
        JsonObject obj => obj.Any(p =>
            (p.Key == "Paths" && p.Value is JsonArray paths && paths.Any(v => v is JsonValue value && value.TryGetValue<string>(out var s) && s == path))
            || NamesPath(p.Value, path)),
        JsonArray array => array.Any(item => NamesPath(item, path)),
        _ => false,
    };

    private static Refusal Denied(Actor actor, string detail) => actor.IsAuthenticated
        ? Refusal.Forbidden(detail)
        : new Refusal(RefusalKind.Unauthenticated, "Sign in first.", "The media library is for signed-in users.");
}

/// <summary>Texts left null are not changed, an empty text clears it; the focal point changes (maybe to none) when <c>ChangesFocus</c>.</summary>
public sealed record MediaTextsChange(string? Alt, string? Caption, string? Credit)
{
    public bool ChangesFocus { get; init; }
    public FocalPoint? Focus { get; init; }
}

public sealed record MediaListing(string Folder, IReadOnlyList<string> Folders, IReadOnlyList<MediaAsset> Items)
{
    /// <summary>The folder above this one ("" for the root), or null at the root.</summary>
    public string? Parent => Folder.Length == 0 ? null : Folder.Contains('/') ? Folder[..Folder.LastIndexOf('/')] : "";
}
