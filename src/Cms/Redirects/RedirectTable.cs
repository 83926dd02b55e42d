using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Cms.Changes;
using Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Cms.Redirects;

/// <summary>Old addresses as keys: the path as asked (trailing slash included), and only the query WordPress routes by.</summary>
public static partial class RedirectPaths
{
    private static readonly string[] RoutingKeys = ["p", "page_id", "cat", "tag", "author"];

    /// <summary><c>/?p=15&amp;utm_source=x</c> → <c>/?p=15</c>; <c>/2024/03/titre/</c> stays as it is.</summary>
    public static string Normalize(string path, QueryString query)
    {
        if (!query.HasValue) return path;
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query.Value);
        foreach (var key in RoutingKeys)
        {
            if (parsed.TryGetValue(key, out var value) && value.Count == 1) return $"{path}?{key}={value[0]}";
        }
        return path;
    }

    /// <summary>The path of an address (<c>https://site/2024/03/titre/</c> → <c>/2024/03/titre/</c>), with its routing query.</summary>
    public static string? FromUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        return Normalize(uri.AbsolutePath, new QueryString(uri.Query));
    }

    /// <summary><c>/wp-content/uploads/2024/03/photo-300x200.jpg</c> → <c>/wp-content/uploads/2024/03/photo.jpg</c>.</summary>
    public static string WithoutSizeVariant(string path) => SizeVariant().Replace(path, "$1");

    public const string UploadsPrefix = "/wp-content/uploads/";

    [GeneratedRegex(@"-\d+x\d+(\.[A-Za-z0-9]+)$")]
    private static partial Regex SizeVariant();
}

/// <summary>
/// Every old address, in memory: a request that is not one costs a dictionary lookup and no query. Loaded at the first
/// request, and again after a <c>redirects.changed</c> entry; an item's current path is looked up when asked, so that a
/// later slug change is followed, and forgotten when the item's published version changes.
/// </summary>
public sealed class RedirectTable(IServiceScopeFactory scopes) : IChangeFeedListener
{
    private volatile Dictionary<string, Redirect>? _redirects;
    private readonly ConcurrentDictionary<string, string?> _paths = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);

    /// <summary>Where <paramref name="key"/> goes now; null when it is no old address (or its item is not published).</summary>
    public async ValueTask<string?> TargetAsync(string key)
    {
        var redirects = _redirects ?? await LoadAsync();
        if (!redirects.TryGetValue(key, out var redirect)) return null;
        if (redirect.TargetContentItemId is not { } id) return redirect.TargetPath;
        if (_paths.TryGetValue(id, out var known)) return known;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var path = await db.ContentItemVersions.AsNoTracking().Where(v => v.ContentItemId == id && v.Published).Select(v => v.Path).FirstOrDefaultAsync();
        var target = path is null ? null : "/" + path.TrimStart('/');
        _paths[id] = target;
        return target;
    }

    private async Task<Dictionary<string, Redirect>> LoadAsync()
    {
        await _loading.WaitAsync();
        try
        {
            if (_redirects is { } loaded) return loaded;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var all = await db.Set<Redirect>().AsNoTracking().ToDictionaryAsync(r => r.OldPath, StringComparer.Ordinal);
            _redirects = all;
            return all;
        }
        finally
        {
            _loading.Release();
        }
    }

    public ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            if (entry.Event == ChangeEvents.RedirectsChanged) _redirects = null;
            else if (entry.ContentItemId is { } id && entry.AffectsPublished) _paths.TryRemove(id, out _);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        _redirects = null;
        _paths.Clear();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Answers old addresses with a 301 before anything else reads the request: before the site's page cache, which keys by
/// path alone and would answer <c>/?p=15</c> with the cached home page.
/// </summary>
public sealed class RedirectMiddleware(RequestDelegate next, RedirectTable table)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            var path = request.Path.Value ?? "/";
            var key = RedirectPaths.Normalize(path, request.QueryString);
            var target = await table.TargetAsync(key);
            if (target is null && path.StartsWith(RedirectPaths.UploadsPrefix, StringComparison.Ordinal))
            {
                target = await table.TargetAsync(RedirectPaths.WithoutSizeVariant(path));
            }
            if (target is not null && target != key)
            {
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = target;
                return;
            }
        }
        await next(context);
    }
}
