using Cms.Content;
using Cms.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages.Articles;

public sealed class PreviewModel(ContentQueries queries) : PageModel
{
    public ContentItem Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id)
    {
        var latest = await queries.GetLatestAsync(id, await HttpContext.GetActorAsync());
        if (!latest.Succeeded) return NotFound();
        Item = latest.Value!;
        return Page();
    }
}
