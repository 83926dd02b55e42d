using Cms.Data;
using Cms.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages;

/// <summary>
/// The newsroom's sign-in. An unknown user, a wrong password and a locked account get the same message; an address that
/// failed too often for one account waits (429), while others may still sign in to it (see <see cref="SignInThrottle"/>).
/// </summary>
public sealed class LoginModel(PasswordCheck passwords, SignInThrottle throttle, SignInManager<CmsUser> signIn) : PageModel
{
    /// <summary>The longest user name Identity stores.</summary>
    private const int MaxUserNameLength = 256;

    public string? Error { get; private set; }
    public string? UserName { get; private set; }
    public string ReturnUrl { get; private set; } = "/admin";

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturnUrl(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl)
    {
        UserName = userName;
        ReturnUrl = SafeReturnUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            Error = "Saisissez votre nom d’utilisateur et votre mot de passe.";
            return Page();
        }
        userName = userName.Trim();
        if (userName.Length > MaxUserNameLength || userName.Any(char.IsControl)) return Refused();

        var address = SignInThrottle.AddressOf(HttpContext);
        if (throttle.RetryAfter(address, userName) is { } wait)
        {
            Error = SignInLimits.TooManyMessage(wait);
            Response.Headers.RetryAfter = Api.Problems.RetryAfterSeconds(wait);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var user = await passwords.CheckAsync(userName, password);
        if (user is null)
        {
            throttle.Failed(address, userName);
            return Refused();
        }
        throttle.Succeeded(address, userName);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect(ReturnUrl);
    }

    private PageResult Refused()
    {
        Error = "Nom d’utilisateur ou mot de passe incorrect.";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/admin", StringComparison.Ordinal) ? returnUrl : "/admin";
}
