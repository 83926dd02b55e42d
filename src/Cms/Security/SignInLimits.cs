using System.Net;
using System.Threading.RateLimiting;
using Cms.Api;
using Cms.Content;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cms.Security;

/// <summary>Endpoint metadata: a POST here is a sign-in attempt (the token endpoint, the admin login), rate-limited.</summary>
public sealed class SignInAttempt;

/// <summary>
/// Rate limits on sign-in attempts, by client address and by user name (ASP.NET Core's rate limiter, counted per node),
/// answered with 429 and <c>Retry-After</c>. The form is read first, within tight limits, so that the user name can be
/// counted and a malformed body is a 400 rather than an exception.
/// </summary>
public static class SignInLimits
{
    /// <summary>Sign-in forms are a few short fields: anything larger is not one.</summary>
    private static readonly FormOptions FormLimits = new()
    {
        ValueCountLimit = 16,
        KeyLengthLimit = 64,
        ValueLengthLimit = 8 * 1024,
        MultipartBodyLengthLimit = 64 * 1024,
        MultipartHeadersCountLimit = 4,
        MultipartHeadersLengthLimit = 4 * 1024,
    };

    public static void AddSignInLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordCheck>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            var byAddress = Partitioned(limits.Value.PerAddress, limits.Value.Window, SignInThrottle.AddressOf);
            var byUserName = Partitioned(limits.Value.PerUserName, limits.Value.Window, AccountOf);
            // The address first: a request it refuses takes nothing from the user name's allowance.
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(byAddress, byUserName);
            o.OnRejected = (context, _) => RejectedAsync(context.HttpContext, context.Lease, limits.Value.Window);
        });
    }

    public static void UseSignInLimits(this WebApplication app)
    {
        app.Use(ReadFormAsync);
        app.UseRateLimiter();
    }

    public static bool IsAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<SignInAttempt>() is not null;

    /// <summary>Whose account an attempt is for: the user name, or the client id of <c>client_credentials</c>; null when none is given.</summary>
    public static string? AccountOf(HttpContext context)
    {
        var form = context.Features.Get<IFormFeature>()?.Form;
        if (form?["username"].ToString() is { Length: > 0 } userName) return userName;
        if (form?["client_id"].ToString() is { Length: > 0 } clientId) return "client:" + clientId;
        return TokenEndpoint.BasicCredentials(context.Request) is { } basic ? "client:" + basic.ClientId : null;
    }

    private static PartitionedRateLimiter<HttpContext> Partitioned(int permits, TimeSpan window, Func<HttpContext, string?> keyOf) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var key = IsAttempt(context) ? keyOf(context) : null;
            if (key is null) return RateLimitPartition.GetNoLimiter("");
            // Long keys are not user names anyone has: they share one partition rather than each making its own.
            key = key.Length > 256 ? "(too long)" : SignInThrottle.Normalize(key);
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    private static async Task ReadFormAsync(HttpContext context, RequestDelegate next)
    {
        if (IsAttempt(context) && context.Request.HasFormContentType)
        {
            try
            {
                await Api.CheckedFormFeature.ReadFormAsync(context.Request, FormLimits, context.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                // A multipart body without a boundary, a field over the limits, a body cut short.
                await MalformedAsync(context, e.Message);
                return;
            }
        }
        await next(context);
    }

    private static Task MalformedAsync(HttpContext context, string reason)
    {
        var detail = $"The form cannot be read: {reason}";
        return IsTokenEndpoint(context)
            ? TokenEndpoint.Error("invalid_request", detail).ExecuteAsync(context)
            : Problems.From(Refusal.Invalid(detail)).ExecuteAsync(context);
    }

    private static async ValueTask RejectedAsync(HttpContext context, RateLimitLease lease, TimeSpan window)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
        if (IsTokenEndpoint(context))
        {
            await Problems.From(Refusal.TooManyRequests("Too many sign-in attempts from this address or for this account; try again later.", wait)).ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Problems.RetryAfterSeconds(wait);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(TooManyPage(wait), context.RequestAborted);
    }

    private static bool IsTokenEndpoint(HttpContext context) => context.Request.Path.StartsWithSegments(TokenEndpoint.Path);

    /// <summary>The admin login's answer when the rate limiter refuses it (before any page runs), in the newsroom's language.</summary>
    private static string TooManyPage(TimeSpan wait) =>
        $$"""
        <!DOCTYPE html>
        <html lang="fr">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Trop de tentatives · Rédaction</title><link rel="stylesheet" href="/admin/assets/admin.css"></head>
        <body><main><section class="login">
        <h1>Trop de tentatives</h1>
        <p class="error" role="alert">{{WebUtility.HtmlEncode(TooManyMessage(wait))}}</p>
        <p><a href="/admin/login">Revenir à la connexion</a></p>
        </section></main></body>
        </html>
        """;

    public static string TooManyMessage(TimeSpan wait)
    {
        var minutes = (int)Math.Ceiling(wait.TotalMinutes);
        return minutes <= 1
            ? "Trop de tentatives de connexion : réessayez dans une minute."
            : $"Trop de tentatives de connexion : réessayez dans {minutes} minutes.";
    }
}
