using System.Globalization;
using Cms.Api;
using Cms.Changes;
using Cms.Content;
using Cms.Telemetry;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace Cms.Site;

/// <summary>The public site's route table, and its services.</summary>
public static class SiteEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void AddSite(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SiteOptions>(configuration.GetSection(SiteOptions.Section));
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<SitePathConstraint>(SitePathConstraint.Name));
        services.AddSingleton<SiteRenderer>();
        services.AddSingleton<SiteResponder>();
        services.AddChangeFeedListener<PageCache>();
        services.AddScoped<SiteReader>();
        services.AddScoped<SitePages>();
        services.AddScoped<SiteFeeds>();
    }

    public static void MapSite(this WebApplication app)
    {
        string[] get = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", get, (HttpContext c, SiteResponder site) =>
            site.ServeAsync(c, (s, b) => s.GetRequiredService<SitePages>().HomeAsync(b)));
        app.MapMethods("/categorie/{slug}", get, (HttpContext c, SiteResponder site, string slug) =>
            Paged(c, page => site.ServeAsync(c, (s, b) => s.GetRequiredService<SitePages>().CategoryAsync(slug, page, b), pageNumber: page)));
        app.MapMethods("/tag/{slug}", get, (HttpContext c, SiteResponder site, string slug) =>
            Paged(c, page => site.ServeAsync(c, (s, b) => s.GetRequiredService<SitePages>().TagAsync(slug, page, b), pageNumber: page)));
        app.MapMethods("/auteur/{slug}", get, (HttpContext c, SiteResponder site, string slug) =>
            Paged(c, page => site.ServeAsync(c, (s, b) => s.GetRequiredService<SitePages>().AuthorAsync(slug, page, b), pageNumber: page)));
        app.MapMethods("/auteur/{slug}/rss", get, (HttpContext c, SiteResponder site, string slug) =>
            site.ServeAsync(c, async (s, b) =>
                await s.GetRequiredService<SiteFeeds>().AuthorRssAsync(b, slug) ?? await s.GetRequiredService<SitePages>().NotFoundAsync(b)));
        app.MapMethods(SitePaths.Search, get, (HttpContext c, SiteResponder site, string? q, string? categorie) =>
            Paged(c, page => site.ServeAsync(c, (s, b) => s.GetRequiredService<SitePages>().SearchAsync(q, categorie, page, b, c.RequestAborted), cacheable: false)))
            .WithMetadata(new WaitsForSearchIndexes());

        app.MapMethods(SitePaths.Rss, get, (HttpContext c, SiteResponder site) =>
            site.ServeAsync(c, async (s, b) => (await s.GetRequiredService<SiteFeeds>().RssAsync(b))!));
        app.MapMethods("/categorie/{slug}/rss", get, (HttpContext c, SiteResponder site, string slug) =>
            site.ServeAsync(c, async (s, b) =>
                await s.GetRequiredService<SiteFeeds>().RssAsync(b, slug) ?? await s.GetRequiredService<SitePages>().NotFoundAsync(b)));
        app.MapMethods("/sitemap.xml", get, (HttpContext c, SiteResponder site) =>
            site.ServeAsync(c, (s, b) => s.GetRequiredService<SiteFeeds>().SitemapAsync(b)));
        // Articles leave the news sitemap 48 hours after publication, with no change to announce it.
        app.MapMethods("/sitemap-news.xml", get, (HttpContext c, SiteResponder site) =>
            site.ServeAsync(c, (s, b) => s.GetRequiredService<SiteFeeds>().NewsSitemapAsync(b), lifetime: TimeSpan.FromMinutes(5)));
        app.MapMethods("/robots.txt", get, (HttpContext c, SiteResponder site) =>
            site.ServeAsync(c, (_, b) => Task.FromResult(SiteFeeds.Robots(b))));

        app.MapMethods("/theme/{**asset}", get, ThemeAsset);
        // Every method, so that a POST to a path that is not the site's still finds no endpoint at all (404, as before)
        // rather than this one's 405; the site itself only reads.
        app.Map($"/{{**path:{SitePathConstraint.Name}}}", (HttpContext c, SiteResponder site, string path) =>
        {
            if (!HttpMethods.IsGet(c.Request.Method) && !HttpMethods.IsHead(c.Request.Method))
            {
                c.Response.Headers.Allow = "GET, HEAD";
                c.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return Task.CompletedTask;
            }
            return site.ServeAsync(c, (s, b) => s.GetRequiredService<SitePages>().ArticleAsync(path, b));
        });
    }

    private static Task Paged(HttpContext context, Func<int, Task> serve)
    {
        var value = context.Request.Query["page"];
        var page = 1;
        if (value.Count > 0 && (!int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return Problems.Invalid("page", $"'page' must be a whole number from 1; '{value}' is not.").ExecuteAsync(context);
        }
        return serve(page);
    }

    private static IResult ThemeAsset(string asset, SiteRenderer renderer, HttpContext context)
    {
        var file = renderer.Theme.AssetPath(asset);
        if (file is null) return Results.NotFound();
        if (!ContentTypes.TryGetContentType(file, out var contentType)) contentType = "application/octet-stream";
        // A fingerprinted URL never changes meaning: a new version of the file gets a new ?v=.
        context.Response.Headers.CacheControl = context.Request.Query.ContainsKey("v")
            ? "public, max-age=31536000, immutable"
            : "public, max-age=300";
        return Results.File(file, contentType, enableRangeProcessing: false, lastModified: File.GetLastWriteTimeUtc(file),
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{renderer.Theme.Fingerprint(asset)}\""));
    }
}

/// <summary>Keeps the site's catch-all off the paths that other features answer (their 404s stay their own).</summary>
public sealed class SitePathConstraint : IRouteConstraint
{
    public const string Name = "sitepath";
    private static readonly string[] Reserved = ["api", "admin", "media", "health", "connect", "theme", "preview"];

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        if (values[routeKey] is not string path || path.Length == 0) return false;
        var first = path.AsSpan(0, path.IndexOf('/') is var slash and >= 0 ? slash : path.Length);
        foreach (var reserved in Reserved)
        {
            if (first.Equals(reserved, StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }
}

/// <summary>Serves a site answer from the page cache, or renders it (once per generation) and keeps it.</summary>
public sealed class SiteResponder(PageCache cache, IServiceScopeFactory scopes, IOptions<SiteOptions> options, CmsMetrics metrics, ILogger<SiteResponder> logger)
{
    private readonly string? _configuredBaseUrl = string.IsNullOrWhiteSpace(options.Value.BaseUrl) ? null : options.Value.BaseUrl.TrimEnd('/');

    /// <param name="pageNumber">The page number the answer shows: the only part of the query string a cached page depends on.</param>
    public async Task ServeAsync(HttpContext context, Func<IServiceProvider, string, Task<SitePage>> build, bool cacheable = true, TimeSpan? lifetime = null, int pageNumber = 1)
    {
        var request = context.Request;
        var baseUrl = _configuredBaseUrl ?? string.Concat(request.Scheme, "://", request.Host.Value);
        // Without a configured base URL, pages carry the request's origin, so the origin is part of the key. Other query
        // parameters (utm_source, fbclid…) change nothing in the page, so they neither render it again nor take a slot.
        var key = cacheable ? string.Concat(baseUrl, request.Path.Value, pageNumber == 1 ? "" : "?page=" + pageNumber.ToString(CultureInfo.InvariantCulture)) : null;
        if (key is not null && cache.TryGet(key, out var hit))
        {
            metrics.PageCacheHit();
            await PageResponses.WriteAsync(context, hit);
            return;
        }
        if (key is not null) metrics.PageCacheMiss();

        var (generation, changedAt) = cache.Current;
        SitePage page;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            page = await build(scope.ServiceProvider, baseUrl);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "The public site could not render {Path}", request.Path.Value);
            page = SitePage.ServerError;
        }
        if (key is not null && page.Status == StatusCodes.Status200OK)
        {
            var ready = CachedPage.Create(page, changedAt);
            cache.Keep(key, ready, generation, lifetime, page.ExpiresUtc);
            await PageResponses.WriteAsync(context, ready);
            return;
        }
        await PageResponses.WriteAsync(context, CachedPage.ForOneReader(page, changedAt, request.Headers.AcceptEncoding.ToString()));
    }
}
