using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Serialization;
using Cms.Api;
using Cms.Clients;
using Cms.Content;
using Cms.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Cms.OpenApi;

namespace Cms.Security;

/// <summary>
/// <c>POST /connect/token</c>, OAuth 2.0 (RFC 6749): the resource owner password grant (§4.3) for people and the client
/// credentials grant (§4.4) for integration clients, whose id and secret come in the form or in HTTP Basic (§2.3.1). A form
/// in, <c>{"access_token","token_type","expires_in"}</c> out, errors as <c>{"error","error_description"}</c>. Tokens are
/// ASP.NET Core bearer tokens, protected by the data-protection keys every node shares. Attempts are rate-limited
/// (<see cref="SignInLimits"/>) and throttled per address and account (<see cref="SignInThrottle"/>).
/// </summary>
public static class TokenEndpoint
{
    public const string Scheme = BearerTokenDefaults.AuthenticationScheme;
    public const string Path = "/connect/token";

    /// <summary>Identity's column holds 256 characters: a longer user name is nobody's.</summary>
    private const int MaxUserNameLength = 256;
    private const int MaxSecretLength = 1024;

    private const string WrongCredentials = "The user name or password is wrong.";
    private const string WrongClient = "The client id or secret is wrong.";

    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, IssueAsync).DisableAntiforgery().AllowAnonymous().WithMetadata(new SignInAttempt())
            .WithTags("Token").WithSummary("Get an access token")
            .WithDescription("OAuth 2.0: grant_type=password (username, password) or grant_type=client_credentials (client_id and client_secret, in the form or as HTTP Basic). Errors are in OAuth's shape; too many failures answer 429 with Retry-After.")
            .Reads<TokenRequest>(ApiDocumentation.Form)
            .Produces<TokenResponse>()
            .Produces<TokenError>(StatusCodes.Status400BadRequest).Produces<TokenError>(StatusCodes.Status401Unauthorized)
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);

    private static async Task<IResult> IssueAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasFormContentType) return Error("invalid_request", "Send the parameters as application/x-www-form-urlencoded.");
        var form = await context.Request.ReadFormAsync(cancellationToken);
        return form["grant_type"].ToString() switch
        {
            "password" => await PasswordGrantAsync(context, form),
            "client_credentials" => await ClientCredentialsGrantAsync(context, form),
            _ => Error("unsupported_grant_type", "grant_type is password or client_credentials."),
        };
    }

    private static async Task<IResult> PasswordGrantAsync(HttpContext context, IFormCollection form)
    {
        string userName = form["username"].ToString(), password = form["password"].ToString();
        if (userName.Length == 0 || password.Length == 0) return Error("invalid_request", "username and password are required.");
        if ((Malformed("username", userName, MaxUserNameLength) ?? Malformed("password", password, MaxSecretLength)) is { } malformed) return malformed;

        var services = context.RequestServices;
        var throttle = services.GetRequiredService<SignInThrottle>();
        var address = SignInThrottle.AddressOf(context);
        if (throttle.RetryAfter(address, userName) is { } wait) return TooMany(wait);
        var user = await services.GetRequiredService<PasswordCheck>().CheckAsync(userName, password);
        if (user is null)
        {
            throttle.Failed(address, userName);
            return Error("invalid_grant", WrongCredentials);
        }
        throttle.Succeeded(address, userName);
        var principal = await services.GetRequiredService<SignInManager<CmsUser>>().CreateUserPrincipalAsync(user);
        return Issue(context, principal.Claims);
    }

    private static async Task<IResult> ClientCredentialsGrantAsync(HttpContext context, IFormCollection form)
    {
        var basic = BasicCredentials(context.Request);
        if (basic is null && context.Request.Headers.Authorization.Count > 0)
        {
            return ClientError(context, "The Authorization header must be Basic, with the url-encoded client id and secret.");
        }
        var (clientId, secret) = basic ?? (form["client_id"].ToString(), form["client_secret"].ToString());
        if (clientId.Length == 0 || secret.Length == 0) return Error("invalid_request", "client_id and client_secret are required (in the form, or as HTTP Basic).");
        if ((Malformed("client_id", clientId, MaxUserNameLength) ?? Malformed("client_secret", secret, MaxSecretLength)) is { } malformed) return malformed;

        var services = context.RequestServices;
        var throttle = services.GetRequiredService<SignInThrottle>();
        var address = SignInThrottle.AddressOf(context);
        var account = "client:" + clientId;
        if (throttle.RetryAfter(address, account) is { } wait) return TooMany(wait);
        var client = await services.GetRequiredService<IntegrationClients>().AuthenticateAsync(clientId, secret);
        if (client is null)
        {
            throttle.Failed(address, account);
            return ClientError(context, WrongClient);
        }
        throttle.Succeeded(address, account);
        // The token names the client only: what it may do is looked up on every request, so a change or a revocation
        // applies to the tokens it already holds.
        return Issue(context, [new Claim(IntegrationClient.ClaimType, client.ClientId), new Claim(ClaimTypes.Name, IntegrationClient.ActorName(client.Name))]);
    }

    private static IResult Issue(HttpContext context, IEnumerable<Claim> claims)
    {
        var services = context.RequestServices;
        var lifetime = services.GetRequiredService<IOptions<CmsOptions>>().Value.Api.AccessTokenLifetime;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + lifetime };
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme)), properties, Scheme);
        var token = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(Scheme).BearerTokenProtector.Protect(ticket);
        return Results.Json(new TokenResponse(token, "Bearer", (long)lifetime.TotalSeconds));
    }

    /// <summary>The client id and secret of an HTTP Basic header (each url-encoded, RFC 6749 §2.3.1); null without one or when it is not readable.</summary>
    public static (string ClientId, string Secret)? BasicCredentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !"Basic".Equals(header.Scheme, StringComparison.OrdinalIgnoreCase) || header.Parameter is not { Length: <= 4096 } encoded) return null;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = pair.IndexOf(':');
            return colon < 0 ? null : (Uri.UnescapeDataString(pair[..colon].Replace('+', ' ')), Uri.UnescapeDataString(pair[(colon + 1)..].Replace('+', ' ')));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>No user name, client id or secret holds control characters (a NUL would even reach the database), nor is that long.</summary>
    private static IResult? Malformed(string name, string value, int maxLength) =>
        value.Length > maxLength ? Error("invalid_request", $"{name} is longer than {maxLength} characters.")
        : value.Any(char.IsControl) ? Error("invalid_request", $"{name} must not contain control characters.")
        : null;

    private static IResult TooMany(TimeSpan wait) =>
        Problems.From(Refusal.TooManyRequests("Too many failed sign-ins from this address for this account; try again later.", wait));

    public static IResult Error(string error, string description) =>
        Results.Json(new TokenError(error, description), statusCode: StatusCodes.Status400BadRequest);

    /// <summary>RFC 6749 §5.2: a client that failed to authenticate gets 401, with the scheme it may use when it tried HTTP Basic.</summary>
    private static IResult ClientError(HttpContext context, string description)
    {
        if (context.Request.Headers.Authorization.Count > 0) context.Response.Headers.WWWAuthenticate = "Basic realm=\"cms\"";
        return Results.Json(new TokenError("invalid_client", description), statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>An access token: send it as <c>Authorization: Bearer …</c> until it expires (<c>expires_in</c> seconds).</summary>
    public sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("expires_in")] long ExpiresIn);

    /// <summary>A refused token request, in OAuth's shape (RFC 6749 §5.2): invalid_request, invalid_grant, invalid_client, unsupported_grant_type.</summary>
    public sealed record TokenError(
        [property: JsonPropertyName("error")] string Error,
        [property: JsonPropertyName("error_description")] string ErrorDescription);
}
