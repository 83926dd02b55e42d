using Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Cms.Authors;

/// <summary>A user an editor may name as an author.</summary>
public sealed record AuthorChoice(string UserId, string Name);

/// <summary>The users an Authors field offers: those holding one of its displayed roles (UserPickerFieldSettings.DisplayedRoles), by name.</summary>
public sealed class AuthorChoices(CmsDbContext db)
{
    public async Task<IReadOnlyList<AuthorChoice>> ListAsync(IReadOnlyCollection<string> roles)
    {
        var users = db.Users.AsNoTracking();
        if (roles.Count > 0)
        {
            var holders = from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where roles.Contains(r.Name!) select ur.UserId;
            users = users.Where(u => holders.Contains(u.Id));
        }
        return (await users.Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync())
            .Select(u => new AuthorChoice(u.Id, u.DisplayName ?? u.UserName ?? u.Id))
            .OrderBy(u => u.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), ignoreCase: true)).ToList();
    }
}
