using Cms.Data;
using Microsoft.AspNetCore.Identity;

namespace Cms.Security;

/// <summary>
/// Checks a user name and a password for the token endpoint and the admin login, with the same answer and the same work
/// whatever is wrong: an unknown user name still runs the password hasher (against a fixed hash), and a locked account
/// is only found out after its password was checked, and then refused like a wrong password.
/// </summary>
public sealed class PasswordCheck(UserManager<CmsUser> users, IPasswordHasher<CmsUser> hasher)
{
    /// <summary>A hash of a random password, made once with the hasher's own format, so checking against it costs what a real check does.</summary>
    private static readonly string UnknownUserHash = new PasswordHasher<CmsUser>().HashPassword(new CmsUser(), Guid.NewGuid().ToString("n"));

    /// <summary>The user, when the password is theirs and they may sign in; null otherwise.</summary>
    public async Task<CmsUser?> CheckAsync(string userName, string password)
    {
        var user = await users.FindByNameAsync(userName);
        if (user?.PasswordHash is null)
        {
            hasher.VerifyHashedPassword(user ?? new CmsUser(), UnknownUserHash, password);
            return null;
        }
        if (!await users.CheckPasswordAsync(user, password)) return null;
        return await users.IsLockedOutAsync(user) ? null : user;
    }
}
