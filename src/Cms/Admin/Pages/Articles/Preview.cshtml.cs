using Cms.Content;
using Cms.Preview;
using Cms.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages.Articles;

/// <summary>
/// The preview in the site's theme, framed at desktop or phone width: the saved latest version (through a short preview
/// link), or with <c>?unsaved=true</c> the writer's autosave, that is the form as it is on screen (the editor autosaves first).
/// </summary>
public sealed class PreviewModel(ContentQueries queries, PreviewLinks links, AutosavePreviews autosaves) : PageModel
{
    private static readonly TimeSpan SavedLifetime = TimeSpan.FromMinutes(30);

    public string Title { get; private set; } = "";
    public string FrameUrl { get; private set; } = "";
    public string EditorUrl { get; private set; } = "";
    public bool Unsaved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, bool unsaved, string? draftKey, string? type)
    {
        var actor = await HttpContext.GetActorAsync();
        Unsaved = unsaved || id == EditModel.NewId;
        if (id == EditModel.NewId)
        {
            if (actor.UserId is null || string.IsNullOrEmpty(draftKey) || draftKey.Length > 26 || !draftKey.All(char.IsAsciiLetterOrDigit)) return NotFound();
            Title = "Nouvel article";
            FrameUrl = PreviewLinks.SitePath(autosaves.TokenFor(actor.UserId, Autosave.KeyOfNew(draftKey)));
            EditorUrl = $"/admin/articles/{EditModel.NewId}?type={Uri.EscapeDataString(type ?? "")}";
            return Page();
        }
        var latest = await queries.GetLatestAsync(id, actor);
        if (!latest.Succeeded) return NotFound();
        Title = latest.Value!.DisplayText ?? "";
        EditorUrl = $"/admin/articles/{id}";
        if (Unsaved && actor.UserId is { } userId)
        {
            FrameUrl = PreviewLinks.SitePath(autosaves.TokenFor(userId, id));
            return Page();
        }
        var link = await links.CreateAsync(id, SavedLifetime, actor);
        if (!link.Succeeded) return link.Refusal!.Kind == RefusalKind.NotFound ? NotFound() : Forbid();
        FrameUrl = link.Value!.Url!;
        return Page();
    }
}
