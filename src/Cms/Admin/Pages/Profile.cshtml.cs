using Cms.Authors;
using Cms.Content;
using Cms.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages;

/// <summary>"Mon profil": every signed-in user's own public profile, saved through <see cref="AuthorProfiles"/> like the profile API.</summary>
public sealed class ProfileModel(AuthorProfiles profiles) : PageModel
{
    public ProfileForm Form { get; private set; } = null!;
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? m)
    {
        var profile = await OwnProfileAsync();
        if (profile is null) return NotFound();
        Form = ProfileForm.Of("profile", profile);
        Message = m == "saved" ? "Profil enregistré." : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? displayName, string? bio, string? photo, string? slug)
    {
        var actor = await HttpContext.GetActorAsync();
        var change = new ProfileChange(displayName, bio, photo, slug);
        var saved = await profiles.SaveAsync(actor.UserId!, change, actor);
        if (saved.Succeeded) return Redirect("/admin/profile?m=saved");
        if (saved.Refusal!.Kind == RefusalKind.Forbidden) return Forbid();
        if (saved.Refusal.Kind == RefusalKind.NotFound) return NotFound();
        Form = ProfileForm.Refused("profile", (await OwnProfileAsync())!, change, saved.Refusal);
        Message = "Rien n’a été enregistré : corrigez les champs signalés.";
        MessageIsError = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<AuthorProfile?> OwnProfileAsync() =>
        (await HttpContext.GetActorAsync()).UserId is { } userId ? await profiles.FindAsync(userId, HttpContext.RequestAborted) : null;
}
