using System.Text.Json.Nodes;
using Cms.Api;
using Cms.Content;
using Cms.Security;
using Cms.Site;
using Microsoft.Extensions.Options;
using Cms.OpenApi;

namespace Cms.Preview;

/// <summary>
/// <c>/api/content/{id}/preview-links</c> (make, list, revoke) and <c>/preview/{token}</c>, the item's latest version in
/// the site's theme: never cached, never indexed, with a banner that says what it is.
/// </summary>
public static class PreviewApi
{
    /// <summary>The header a front-end may send instead of the <c>previewToken</c> query parameter.</summary>
    public const string Header = "Preview-Token";

    public static void AddPreview(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PreviewOptions>(configuration.GetSection(PreviewOptions.Section));
        services.AddScoped<PreviewLinks>();
        services.AddScoped<AutosavePreviews>();
    }

    public static void MapPreview(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/content/{contentItemId}/preview-links").DisableAntiforgery().WithTags("Preview")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPost("/", CreateAsync).WithSummary("Make a preview link")
            .WithDescription("The answer holds the token (shown once): /preview/{token} shows the item's latest version in the site's theme, and a front-end reads it from GET /api/content/{contentItemId} with the Preview-Token header or previewToken.")
            .ReadsOptional<PreviewLinkBody>().Produces<PreviewLinkView>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/", ListAsync).WithSummary("List an item's preview links").Produces<ItemList<PreviewLinkView>>();
        api.MapDelete("/{linkId}", RevokeAsync).WithSummary("Revoke a preview link").Produces(StatusCodes.Status204NoContent);
        app.MapMethods("/preview/{token}", [HttpMethods.Get, HttpMethods.Head], PageAsync);
    }

    /// <summary>The token a request carries (query parameter or header), if any.</summary>
    public static string? TokenOf(HttpRequest request) =>
        request.Query["previewToken"].FirstOrDefault() is { Length: > 0 } query ? query : request.Headers[Header].FirstOrDefault();

    private static async Task<IResult> CreateAsync(string contentItemId, HttpContext context, PreviewLinks links, IOptions<CmsOptions> options)
    {
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes, optional: true);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        TimeSpan? lifetime = null;
        if (body.Value!["expiresInMinutes"] is { } minutes)
        {
            if (minutes is not JsonValue v || !v.TryGetValue<int>(out var m)) return Problems.Invalid("expiresInMinutes", "expiresInMinutes must be a whole number of minutes.");
            lifetime = TimeSpan.FromMinutes(m);
        }
        var created = await links.CreateAsync(contentItemId, lifetime, await context.GetActorAsync());
        if (!created.Succeeded) return Problems.From(created.Refusal!);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Created($"/api/content/{contentItemId}/preview-links/{created.Value!.Id}", created.Value);
    }

    private static async Task<IResult> ListAsync(string contentItemId, HttpContext context, PreviewLinks links)
    {
        var list = await links.ListAsync(contentItemId, await context.GetActorAsync());
        return list.Succeeded ? Results.Json(new { items = list.Value }) : Problems.From(list.Refusal!);
    }

    private static async Task<IResult> RevokeAsync(string contentItemId, string linkId, HttpContext context, PreviewLinks links)
    {
        var revoked = await links.RevokeAsync(contentItemId, linkId, await context.GetActorAsync());
        return revoked.Succeeded ? Results.NoContent() : Problems.From(revoked.Refusal!);
    }

    private static async Task PageAsync(string token, HttpContext context, PreviewLinks links, AutosavePreviews autosaves, SitePages pages, IOptions<SiteOptions> site)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        response.Headers.XContentTypeOptions = "nosniff";
        var baseUrl = string.IsNullOrWhiteSpace(site.Value.BaseUrl) ? $"{context.Request.Scheme}://{context.Request.Host}" : site.Value.BaseUrl.TrimEnd('/');
        // A preview link's token (the latest saved version), else an editor's token for the unsaved state of its form.
        var item = await links.OpenAsync(token) ?? await autosaves.OpenAsync(token);
        var page = item is null ? await pages.NotFoundAsync(baseUrl) : await pages.PreviewAsync(item, baseUrl);
        response.StatusCode = page.Status;
        response.ContentType = page.ContentType;
        response.ContentLength = page.Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method)) await response.Body.WriteAsync(page.Body, context.RequestAborted);
    }
}
