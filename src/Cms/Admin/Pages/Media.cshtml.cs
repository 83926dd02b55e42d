using Cms.Content;
using Cms.Media;
using Cms.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Cms.Admin.Pages;

/// <summary>The media library for the newsroom: browse a folder, upload a photo with its texts, delete one nobody shows.</summary>
public sealed class MediaModel(MediaLibrary library, MediaUploader uploader, IOptions<MediaOptions> options) : PageModel
{
    public MediaListing Listing { get; private set; } = new("", [], []);
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }
    public string? UploadError { get; private set; }

    /// <summary>The file whose deletion was refused because published articles show it (an editor may force it).</summary>
    public string? InUse { get; private set; }
    public bool CanForce { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? folder, string? m)
    {
        Message = m switch
        {
            "uploaded" => "Image téléversée.",
            "deleted" => "Fichier supprimé.",
            _ => null,
        };
        return await ShowAsync(folder);
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, string? folder, string? alt, string? caption, string? credit)
    {
        var actor = await HttpContext.GetActorAsync();
        if (file is null || file.Length == 0) return await RefusedUploadAsync(folder, "Choisissez un fichier à téléverser.");
        if (file.Length > options.Value.MaxFileBytes)
        {
            return await RefusedUploadAsync(folder, $"Le fichier dépasse la taille permise ({options.Value.MaxFileBytes / (1024 * 1024)} Mo).");
        }
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, HttpContext.RequestAborted);
        }
        var stored = await uploader.UploadAsync(new MediaUpload(file.FileName, folder, alt, caption, credit, null), content, actor);
        if (stored.Succeeded) return Redirect($"/admin/media?folder={Uri.EscapeDataString(stored.Value!.Folder)}&m=uploaded");
        return stored.Refusal!.Kind switch
        {
            RefusalKind.Forbidden or RefusalKind.Unauthenticated => Forbid(),
            RefusalKind.UnsupportedMediaType => await RefusedUploadAsync(folder, "Ce fichier n’est pas une image JPEG, PNG, WebP ou GIF."),
            RefusalKind.TooLarge => await RefusedUploadAsync(folder, "L’image est trop grande (fichier ou nombre de pixels)."),
            _ => await RefusedUploadAsync(folder, stored.Refusal.Detail),
        };
    }

    public async Task<IActionResult> OnPostDeleteAsync(string path, string? folder, bool force)
    {
        var actor = await HttpContext.GetActorAsync();
        var deleted = await library.DeleteAsync(path, force, actor);
        if (deleted.Succeeded) return Redirect($"/admin/media?folder={Uri.EscapeDataString(folder ?? "")}&m=deleted");
        switch (deleted.Refusal!.Kind)
        {
            case RefusalKind.Forbidden or RefusalKind.Unauthenticated:
                return Forbid();
            case RefusalKind.Conflict:
                InUse = path;
                CanForce = actor.Has(Permissions.PublishContent);
                Message = "Des articles publiés montrent cette image : elle n’a pas été supprimée.";
                break;
            default:
                Message = deleted.Refusal.Kind == RefusalKind.NotFound ? "Ce fichier n’existe plus." : deleted.Refusal.Detail;
                break;
        }
        MessageIsError = true;
        Response.StatusCode = deleted.Refusal.Kind == RefusalKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await ShowAsync(folder);
    }

    private async Task<IActionResult> RefusedUploadAsync(string? folder, string message)
    {
        UploadError = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await ShowAsync(folder);
    }

    private async Task<IActionResult> ShowAsync(string? folder)
    {
        var listing = await library.ListAsync(folder, await HttpContext.GetActorAsync());
        if (!listing.Succeeded) return Forbid();
        Listing = listing.Value!;
        return Page();
    }
}
