using System.Security.Cryptography;
using Cms.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Cms.Security;

/// <summary>
/// Creates the first administrator from <c>Cms:Admin</c>. There is no default password: when none is
/// configured, a random one is generated and written to the log, once, on the start that creates the user.
/// </summary>
public sealed class AdminBootstrapper(UserManager<CmsUser> users, RoleManager<IdentityRole> roles, IOptions<CmsOptions> options,
    TimeProvider clock, ILogger<AdminBootstrapper> logger)
{
    public async Task<CmsUser> EnsureAdministratorAsync()
    {
        var admin = options.Value.Admin;
        if (await roles.FindByNameAsync(Roles.Administrator) is null) Check(await roles.CreateAsync(new IdentityRole(Roles.Administrator)));

        var user = await users.FindByNameAsync(admin.UserName);
        if (user is null)
        {
            var password = string.IsNullOrEmpty(admin.Password) ? GeneratePassword() : admin.Password;
            user = new CmsUser { UserName = admin.UserName, Email = admin.Email, EmailConfirmed = true, CreatedUtc = clock.GetUtcNow().UtcDateTime };
            Check(await users.CreateAsync(user, password));
            if (string.IsNullOrEmpty(admin.Password))
            {
                logger.LogWarning("Created the administrator '{UserName}' with the generated password: {Password} — it is shown only this once; " +
                    "set Cms__Admin__Password to choose your own on a new database.", admin.UserName, password);
            }
            else
            {
                logger.LogInformation("Created the administrator '{UserName}' with the configured password.", admin.UserName);
            }
        }
        if (!await users.IsInRoleAsync(user, Roles.Administrator)) Check(await users.AddToRoleAsync(user, Roles.Administrator));
        return user;
    }

    private static string GeneratePassword()
    {
        const string letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = Enumerable.Range(0, 20).Select(_ => letters[RandomNumberGenerator.GetInt32(letters.Length)]).ToArray();
        // Identity asks for a digit, a lower case, an upper case letter and a symbol.
        return new string(chars) + "a7Z!";
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException("Cannot create the administrator: " + string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
