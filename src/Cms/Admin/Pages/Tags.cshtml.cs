using Cms.Content;
using Cms.Security;
using Cms.Tags;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages;

/// <summary>
/// The editor's tag type-ahead creates a tag on the spot here (the admin's cookie and antiforgery token; the API refuses
/// the cookie by design). Answered in JSON: the tag, or why not.
/// </summary>
public sealed class TagsModel(TagService tags) : PageModel
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostCreateAsync(string? name)
    {
        var created = await tags.CreateAsync(name, await HttpContext.GetActorAsync());
        if (created.Succeeded) return new JsonResult(new { id = created.Value!.ContentItemId, name = created.Value.Name }) { StatusCode = StatusCodes.Status201Created };
        var refusal = created.Refusal!;
        var (status, message) = refusal.Kind switch
        {
            RefusalKind.Forbidden or RefusalKind.Unauthenticated => (StatusCodes.Status403Forbidden, "Seuls ceux qui publient créent des mots-clés."),
            RefusalKind.Conflict => (StatusCodes.Status409Conflict, "Ce mot-clé existe déjà."),
            RefusalKind.Invalid => (StatusCodes.Status400BadRequest, "Donnez un nom au mot-clé."),
            _ => (StatusCodes.Status400BadRequest, refusal.Detail),
        };
        return new JsonResult(new { message, id = refusal.Extensions?.GetValueOrDefault("contentItemId") }) { StatusCode = status };
    }
}
