using System.Security.Cryptography;
using Cms.Site;
using Microsoft.Extensions.Options;

namespace Cms.Security;

/// <summary>
/// Security headers on every answer the host gives (pages, API, media, theme files, problem details, 404s, errors,
/// health): a Content-Security-Policy chosen by path prefix, <c>X-Frame-Options</c> where it agrees with it,
/// <c>Referrer-Policy</c>, <c>X-Content-Type-Options</c>, <c>Permissions-Policy</c>, and
/// <c>Cross-Origin-Opener-Policy</c> on the admin.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Other origins learn where a visitor came from (the site), never the page (a preview link's token, a search).</summary>
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    /// <summary>Powerful features no page of the CMS uses, refused to the pages and to anything they frame.</summary>
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    /// <summary>Registers the policies: the defaults below, then the settings of <c>Cms:SecurityHeaders</c>.</summary>
    public static void AddSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SecurityHeadersOptions.Section);
        (section.Get<SecurityHeadersOptions>() ?? new SecurityHeadersOptions()).Validate();
        services.Configure<SecurityHeadersOptions>(section);
        services.AddOptions<SecurityHeadersPolicies>().Configure<IOptions<SecurityHeadersOptions>>((policies, options) => SetDefaults(policies, options.Value));
    }

    /// <summary>First in the pipeline, so that the answers of the exception handler and of the status code pages get the headers too.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeadersMiddleware>();

    /// <summary>
    /// A nonce for an inline <c>&lt;script nonce="…"&gt;</c> of this answer: asking for it adds it to the answer's
    /// script-src. Only for pages rendered for one request (never for the site's page cache, which serves one body to all).
    /// </summary>
    public static string CspNonce(this HttpContext context)
    {
        var feature = context.Features.Get<NonceFeature>();
        if (feature is null)
        {
            feature = new NonceFeature(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));
            context.Features.Set(feature);
        }
        return feature.Value;
    }

    internal static string? NonceOf(HttpContext context) => context.Features.Get<NonceFeature>()?.Value;

    private static void SetDefaults(SecurityHeadersPolicies policies, SecurityHeadersOptions options)
    {
        // The public site, and any path no prefix below claims (its 404s included).
        policies.Default = SecurityHeadersPolicy.Page
            // The static page shown when a template fails carries its own style, so that it needs nothing from the theme.
            .AllowInlineStyle(SitePage.ServerErrorStyle)
            .Allow("img-src", [.. options.ImageSources])
            .Allow("frame-src", [.. options.FrameSources]);
        // The admin opens no window; it frames only the site's previews (same origin), and shows article bodies, hence their images.
        policies.Set("/admin", SecurityHeadersPolicy.Page
            .Allow("img-src", [.. options.ImageSources])
            .Allow("frame-src", "'self'")
            .IsolatedFromOpeners());
        // A preview is framed by the editor (desktop and phone widths), by this origin and nothing else.
        policies.Set("/preview", policies.Default.Allow("frame-ancestors", "'self'"));
        foreach (var prefix in (string[])["/api", "/connect", "/health", "/media", "/theme"])
        {
            policies.Set(prefix, SecurityHeadersPolicy.NoContent);
        }
        // The API reference (Scalar.AspNetCore) served here: its scripts run with the nonce its page is given
        // (MapScalarApiReference("/api/docs", (o, context) => o.WithNonce(context.CspNonce()))); its bundle injects its
        // styles at run time, which only 'unsafe-inline' lets through. DisableDefaultFonts() spares it fonts from another origin.
        policies.Set("/api/docs", SecurityHeadersPolicy.Page.Allow("style-src", "'unsafe-inline'"));
    }

    private sealed record NonceFeature(string Value);
}

/// <summary>
/// Which policy an answer gets: the one set for the longest path prefix its request path starts with (whole segments,
/// any case), else <see cref="Default"/>. A feature gives its pages their own with
/// <c>services.Configure&lt;SecurityHeadersPolicies&gt;(p =&gt; p.Set("/api/docs", …))</c>.
/// </summary>
public sealed class SecurityHeadersPolicies
{
    private readonly List<(PathString Prefix, SecurityHeadersPolicy Policy)> _byPrefix = [];

    public SecurityHeadersPolicy Default { get; set; } = SecurityHeadersPolicy.Page;

    /// <summary>Sets, or replaces, the policy of the paths under <paramref name="prefix"/> (<c>/admin</c>: <c>/admin</c> and <c>/admin/…</c>).</summary>
    public void Set(string prefix, SecurityHeadersPolicy policy)
    {
        if (!prefix.StartsWith('/') || prefix.Length < 2 || prefix.EndsWith('/'))
        {
            throw new ArgumentException($"'{prefix}' is not a path prefix such as /api/docs.", nameof(prefix));
        }
        _byPrefix.RemoveAll(p => p.Prefix.Equals(prefix, StringComparison.OrdinalIgnoreCase));
        _byPrefix.Add((new PathString(prefix), policy));
        // Longest first, so that /api/docs wins over /api.
        _byPrefix.Sort((a, b) => b.Prefix.Value!.Length.CompareTo(a.Prefix.Value!.Length));
    }

    /// <summary>The policy set for exactly <paramref name="prefix"/>, to extend it; null when none is.</summary>
    public SecurityHeadersPolicy? Get(string prefix) =>
        _byPrefix.Find(p => p.Prefix.Equals(prefix, StringComparison.OrdinalIgnoreCase)).Policy;

    public SecurityHeadersPolicy For(PathString path)
    {
        foreach (var (prefix, policy) in _byPrefix)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)) return policy;
        }
        return Default;
    }
}

/// <summary>
/// Sets the headers just before an answer starts, whoever writes it: an endpoint, the exception handler (which clears
/// the headers an endpoint had set), the status code pages, a 304. Only Kestrel's own refusals of malformed requests
/// never come through here.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<SecurityHeadersPolicies> policies)
{
    private static readonly Func<object, Task> Apply = ApplyHeaders;
    private readonly SecurityHeadersPolicies _policies = policies.Value;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(Apply, new Pending(context, _policies.For(context.Request.Path)));
        return next(context);
    }

    private static Task ApplyHeaders(object state)
    {
        var (context, policy) = (Pending)state;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = SecurityHeaders.NonceOf(context) is { } nonce ? policy.ContentSecurityPolicyWith(nonce) : policy.ContentSecurityPolicy;
        if (policy.FrameOptions is { } frameOptions) headers.XFrameOptions = frameOptions;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = SecurityHeaders.ReferrerPolicy;
        headers["Permissions-Policy"] = SecurityHeaders.PermissionsPolicy;
        if (policy.IsolatesOpener) headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return Task.CompletedTask;
    }

    private sealed record Pending(HttpContext Context, SecurityHeadersPolicy Policy);
}
