using System.Security.Claims;
using Cms.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Cms.Security;

/// <summary>
/// <c>POST /connect/token</c>, the OAuth 2.0 resource owner password grant (RFC 6749 §4.3): a form in,
/// <c>{"access_token","token_type","expires_in"}</c> out, errors as <c>{"error": "invalid_grant"}</c>.
/// Tokens are ASP.NET Core bearer tokens protected by the data-protection keys in the data folder.
/// </summary>
public static class TokenEndpoint
{
    public const string Scheme = BearerTokenDefaults.AuthenticationScheme;

    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/connect/token", IssueAsync).DisableAntiforgery().AllowAnonymous();

    private static async Task<IResult> IssueAsync(HttpContext context, SignInManager<CmsUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer,
        IOptions<CmsOptions> options, TimeProvider clock)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasFormContentType) return Error("invalid_request", "Send the parameters as application/x-www-form-urlencoded.");
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "password") return Error("unsupported_grant_type", "Only grant_type=password is supported.");
        string? userName = form["username"], password = form["password"];
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password)) return Error("invalid_request", "username and password are required.");

        var user = await signIn.UserManager.FindByNameAsync(userName);
        if (user is null) return Error("invalid_grant", "The user name or password is wrong.");
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.IsLockedOut) return Error("invalid_grant", "The account is locked; try again later.");
        if (!check.Succeeded) return Error("invalid_grant", "The user name or password is wrong.");

        var principal = await signIn.CreateUserPrincipalAsync(user);
        var lifetime = options.Value.Api.AccessTokenLifetime;
        var now = clock.GetUtcNow();
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + lifetime };
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(principal.Identities.Select(i => new ClaimsIdentity(i.Claims, Scheme, i.NameClaimType, i.RoleClaimType))), properties, Scheme);
        var token = bearer.Get(Scheme).BearerTokenProtector.Protect(ticket);
        return Results.Json(new TokenResponse(token, "Bearer", (long)lifetime.TotalSeconds));
    }

    private static IResult Error(string error, string description) =>
        Results.Json(new TokenError(error, description), statusCode: StatusCodes.Status400BadRequest);

    private sealed record TokenResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] long ExpiresIn);

    private sealed record TokenError(
        [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
        [property: System.Text.Json.Serialization.JsonPropertyName("error_description")] string ErrorDescription);
}
