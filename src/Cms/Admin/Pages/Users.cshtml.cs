using Cms.Authors;
using Cms.Content;
using Cms.Data;
using Cms.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cms.Admin.Pages;

public sealed record UserRow(string Id, string UserName, string? Email, IReadOnlyList<string> Roles, bool LockedOut);

/// <summary>User accounts (administrators), through ASP.NET Core Identity's UserManager; their public profiles through AuthorProfiles.</summary>
public sealed class UsersModel(UserManager<CmsUser> users, RoleManager<IdentityRole> roles, CmsDbContext db, TimeProvider clock, AuthorProfiles profiles) : PageModel
{
    /// <summary>Each user's profile form, by user id (the typed values and messages for the one whose save was refused).</summary>
    public Dictionary<string, ProfileForm> Profiles { get; } = [];

    public IReadOnlyList<UserRow> Items { get; private set; } = [];
    public IReadOnlyList<string> RoleNames { get; private set; } = [];
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }
    public Dictionary<string, List<string>> Errors { get; } = [];
    public string? ErrorTarget { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!(await HttpContext.GetActorAsync()).Has(Permissions.ManageUsers))
        {
            context.Result = Forbid();
            return;
        }
        await next();
    }

    public async Task OnGetAsync(string? m)
    {
        Message = m switch
        {
            "created" => "Utilisateur créé.",
            "roles" => "Rôles enregistrés.",
            "locked" => "Compte bloqué.",
            "unlocked" => "Compte débloqué.",
            "password" => "Mot de passe réinitialisé.",
            "profile" => "Profil enregistré.",
            _ => null,
        };
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? userName, string? email, string? password, string[]? role)
    {
        role ??= [];
        ErrorTarget = "new";
        if (string.IsNullOrWhiteSpace(userName)) AddError("userName", "Le nom d’utilisateur est obligatoire.");
        if (string.IsNullOrWhiteSpace(email)) AddError("email", "L’adresse électronique est obligatoire.");
        if (string.IsNullOrEmpty(password)) AddError("password", "Le mot de passe est obligatoire.");
        var assignable = await AssignableRolesAsync();
        foreach (var name in role.Where(r => !assignable.Contains(r))) AddError("role", $"Le rôle « {name} » n’existe pas.");
        if (Errors.Count == 0 && await users.FindByNameAsync(userName!.Trim()) is not null) AddError("userName", "Ce nom d’utilisateur est déjà pris.");
        if (Errors.Count == 0)
        {
            var user = new CmsUser { UserName = userName!.Trim(), Email = email!.Trim(), EmailConfirmed = true, CreatedUtc = clock.GetUtcNow().UtcDateTime };
            var created = await users.CreateAsync(user, password!);
            if (created.Succeeded)
            {
                if (role.Length > 0) await users.AddToRolesAsync(user, role.Distinct());
                return Redirect("/admin/users?m=created");
            }
            foreach (var error in created.Errors) AddError(error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "userName", error.Description);
        }
        return await RefusedAsync();
    }

    public async Task<IActionResult> OnPostRolesAsync(string id, string[]? role)
    {
        role ??= [];
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        ErrorTarget = id;
        var assignable = await AssignableRolesAsync();
        var wanted = role.Where(assignable.Contains).ToHashSet();
        var current = await users.GetRolesAsync(user);
        if (user.Id == (await HttpContext.GetActorAsync()).UserId && current.Contains(Cms.Security.Roles.Administrator) && !wanted.Contains(Cms.Security.Roles.Administrator))
        {
            AddError("role", "Vous ne pouvez pas retirer votre propre rôle d’administrateur.");
            return await RefusedAsync();
        }
        await users.RemoveFromRolesAsync(user, current.Where(r => assignable.Contains(r) && !wanted.Contains(r)));
        await users.AddToRolesAsync(user, wanted.Where(r => !current.Contains(r)));
        await users.UpdateSecurityStampAsync(user);
        return Redirect("/admin/users?m=roles");
    }

    public async Task<IActionResult> OnPostLockAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        ErrorTarget = id;
        if (user.Id == (await HttpContext.GetActorAsync()).UserId)
        {
            AddError("lock", "Vous ne pouvez pas bloquer votre propre compte.");
            return await RefusedAsync();
        }
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        return Redirect("/admin/users?m=locked");
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return Redirect("/admin/users?m=unlocked");
    }

    public async Task<IActionResult> OnPostPasswordAsync(string id, string? password)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        ErrorTarget = id;
        if (string.IsNullOrEmpty(password))
        {
            AddError("password", "Saisissez le nouveau mot de passe.");
            return await RefusedAsync();
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (reset.Succeeded) return Redirect("/admin/users?m=password");
        foreach (var error in reset.Errors) AddError("password", error.Description);
        return await RefusedAsync();
    }

    public async Task<IActionResult> OnPostProfileAsync(string? id, string? displayName, string? bio, string? photo, string? slug)
    {
        if (string.IsNullOrEmpty(id)) return NotFound();
        var change = new ProfileChange(displayName, bio, photo, slug);
        var saved = await profiles.SaveAsync(id, change, await HttpContext.GetActorAsync());
        if (saved.Succeeded) return Redirect("/admin/users?m=profile");
        if (saved.Refusal!.Kind == RefusalKind.Forbidden) return Forbid();
        if (saved.Refusal.Kind == RefusalKind.NotFound) return NotFound();
        ErrorTarget = id;
        Message = "Rien n’a été enregistré : corrigez les champs signalés.";
        MessageIsError = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        Profiles[id] = ProfileForm.Refused(ProfilePrefix(id), (await profiles.FindAsync(id))!, change, saved.Refusal);
        return Page();
    }

    /// <summary>Whether this user's profile form is the one a refused save brought back (shown open).</summary>
    public bool ProfileRefused(string id) => ErrorTarget == id && Profiles[id].Errors.Count > 0;

    public IEnumerable<string> ErrorsFor(string target, string field) =>
        target == ErrorTarget && Errors.TryGetValue(field, out var list) ? list : [];

    private void AddError(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list)) Errors[field] = list = [];
        list.Add(message);
    }

    private async Task<IActionResult> RefusedAsync()
    {
        Message = "Rien n’a été modifié : corrigez les champs signalés.";
        MessageIsError = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    /// <summary>Anonymous and Authenticated are given to everyone implicitly (as in Orchard Core), never assigned.</summary>
    private async Task<List<string>> AssignableRolesAsync() =>
        await roles.Roles.Select(r => r.Name!).Where(n => n != Cms.Security.Roles.Anonymous && n != Cms.Security.Roles.Authenticated).OrderBy(n => n).ToListAsync();

    private async Task LoadAsync()
    {
        var now = clock.GetUtcNow();
        RoleNames = await AssignableRolesAsync();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync();
        var memberships = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync();
        Items = all.Select(u => new UserRow(u.Id, u.UserName!, u.Email,
            memberships.Where(m => m.UserId == u.Id).Select(m => m.Name!).Order().ToList(), u.LockoutEnd > now)).ToList();
        foreach (var (id, profile) in await profiles.FindAsync(all.Select(u => u.Id).ToList())) Profiles[id] = ProfileForm.Of(ProfilePrefix(id), profile);
    }

    private static string ProfilePrefix(string userId) => "profile-" + userId;
}
