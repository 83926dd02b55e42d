using Cms.Media;
using Cms.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages;

/// <summary>One folder of the media library as an HTML fragment, loaded into the article editor's image dialog.</summary>
public sealed class MediaPickerModel(MediaLibrary library) : PageModel
{
    public MediaListing Listing { get; private set; } = new("", [], []);

    public async Task<IActionResult> OnGetAsync(string? folder)
    {
        var listing = await library.ListAsync(folder, await HttpContext.GetActorAsync());
        if (!listing.Succeeded) return Forbid();
        Listing = listing.Value!;
        return Page();
    }
}
