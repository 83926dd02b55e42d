using Cms.Content;
using Cms.Media;
using Cms.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Cms.Admin.Pages;

/// <summary>
/// The editor's image dialog as an HTML fragment: the latest uploads across folders (newest first) or those matching a
/// search, or one folder; and the upload of a file dropped or pasted into the editor, answered in JSON.
/// </summary>
public sealed class MediaPickerModel(MediaLibrary library, MediaUploader uploader, MediaUrls urls, IOptions<MediaOptions> options) : PageModel
{
    private const int LatestCount = 48;

    public MediaListing Listing { get; private set; } = new("", [], []);

    /// <summary>Null when a folder is shown; else the search (empty: the latest uploads).</summary>
    public string? Search { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? folder, string? q)
    {
        var actor = await HttpContext.GetActorAsync();
        if (folder is null)
        {
            var latest = await library.LatestAsync(q, LatestCount, actor);
            var root = await library.ListAsync("", actor);
            if (!latest.Succeeded || !root.Succeeded) return Forbid();
            Search = q?.Trim() ?? "";
            Listing = new MediaListing("", root.Value!.Folders, latest.Value!);
            return Page();
        }
        var listing = await library.ListAsync(folder, actor);
        if (!listing.Succeeded) return Forbid();
        Listing = listing.Value!;
        return Page();
    }

    /// <summary>An image dropped or pasted into the editor: stored in the month's folder with the texts given, answered in JSON.</summary>
    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, string? alt, string? caption, string? credit)
    {
        if (file is null || file.Length == 0) return Refused(StatusCodes.Status400BadRequest, "Choisissez un fichier à téléverser.");
        if (file.Length > options.Value.MaxFileBytes)
        {
            return Refused(StatusCodes.Status413PayloadTooLarge, $"Le fichier dépasse la taille permise ({options.Value.MaxFileBytes / (1024 * 1024)} Mo).");
        }
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, HttpContext.RequestAborted);
        }
        var stored = await uploader.UploadAsync(new MediaUpload(file.FileName, null, alt, caption, credit, null), content, await HttpContext.GetActorAsync());
        if (stored.Succeeded)
        {
            var asset = stored.Value!;
            return new JsonResult(new
            {
                path = asset.Path, alt = asset.Alt ?? "", caption = asset.Caption ?? "", credit = asset.Credit ?? "",
                src = urls.Url(asset.Path, 1024), thumb = urls.Url(asset.Path, 320, "webp"),
            });
        }
        return stored.Refusal!.Kind switch
        {
            RefusalKind.Forbidden or RefusalKind.Unauthenticated => Refused(StatusCodes.Status403Forbidden, "Vous n’avez pas le droit de téléverser."),
            RefusalKind.UnsupportedMediaType => Refused(StatusCodes.Status415UnsupportedMediaType, "Ce fichier n’est pas une image JPEG, PNG, WebP ou GIF."),
            RefusalKind.TooLarge => Refused(StatusCodes.Status413PayloadTooLarge, "L’image est trop grande (fichier ou nombre de pixels)."),
            _ => Refused(StatusCodes.Status400BadRequest, stored.Refusal.Detail),
        };
    }

    private static JsonResult Refused(int status, string message) => new(new { message }) { StatusCode = status };
}
