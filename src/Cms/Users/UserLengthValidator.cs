using Cms.Data;
using Microsoft.AspNetCore.Identity;

namespace Cms.Users;

/// <summary>
/// User names and addresses that fit where they are kept. Identity's own columns take 256 characters, and a user name is
/// copied into each version, audit entry and change-feed entry the user writes (255): longer, PostgreSQL would refuse
/// the row (SQLite keeps it), so the write would fail as a 500 instead of a 400 naming the field.
/// </summary>
public sealed class UserLengthValidator : IUserValidator<CmsUser>
{
    public const int MaxUserNameLength = 255;
    public const int MaxEmailLength = 256;

    public Task<IdentityResult> ValidateAsync(UserManager<CmsUser> manager, CmsUser user)
    {
        var errors = new List<IdentityError>();
        if (user.UserName?.Length > MaxUserNameLength)
        {
            errors.Add(new IdentityError { Code = "InvalidUserName", Description = $"The user name is longer than {MaxUserNameLength} characters." });
        }
        if (user.Email?.Length > MaxEmailLength)
        {
            errors.Add(new IdentityError { Code = "InvalidEmail", Description = $"The email address is longer than {MaxEmailLength} characters." });
        }
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}
