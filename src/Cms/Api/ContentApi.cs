using System.Globalization;
using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Delivery;
using Cms.Preview;
using Cms.Security;
using Cms.Workflow;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Cms.OpenApi;

namespace Cms.Api;

/// <summary>The content REST API: items in Orchard Core's JSON shape, versions, workflow verbs, history and diffs.</summary>
public static class ContentApi
{
    public static void MapContentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/content").DisableAntiforgery().WithTags("Content").ProducesProblems(StatusCodes.Status400BadRequest);
        api.MapGet("/", ListAsync)
            .WithSummary("List content items")
            .WithDescription("Published items for readers; with status, the items in that workflow state the caller may see. Filters: type, category (slug), owner.")
            .Produces<ContentPageDocument>().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        api.MapPost("/", CreateAsync)
            .WithSummary("Create a draft").WithDescription("The body is an item in Orchard's shape (ContentType and its parts); the answer's ETag is its version id.")
            .Reads<ContentItemDocument>().Produces<ContentItemDocument>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/{contentItemId}", GetAsync)
            .WithSummary("Read a content item")
            .WithDescription("The published version (ETag, If-None-Match → 304); version=latest gives the latest to those who may preview it, and a preview token opens the latest for whoever holds it.")
            .OpensWithPreviewToken()
            .ReadsQuery("previewToken", "A preview link's token (or send it in the Preview-Token header): opens this item's latest version.")
            .Produces<ContentItemDocument>().Produces(StatusCodes.Status304NotModified)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        api.MapPut("/{contentItemId}", SaveAsync)
            .WithSummary("Save a draft").WithDescription("Saves a new latest version. If-Match: the version id the change was made from (412 when another was saved since).")
            .Reads<ContentItemDocument>().Produces<ContentItemDocument>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status412PreconditionFailed, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status428PreconditionRequired);
        api.MapDelete("/{contentItemId}", DeleteAsync)
            .WithSummary("Delete a content item").Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        // Any transition of the item's type's workflow (the recipe's data: submit, publish, a newsroom's own "relecture"…).
        api.MapPost("/{contentItemId}/{transition}", TransitionAsync)
            .WithSummary("Apply a workflow transition")
            .WithDescription("Any transition of the item's type's workflow (submit, publish, unpublish, schedule… as the recipe names them), with an optional comment and publishAtUtc.")
            .ReadsOptional<TransitionBody>().Produces<ContentItemDocument>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status412PreconditionFailed, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/{contentItemId}/history", HistoryAsync)
            .WithSummary("An item's versions and audit trail").Produces<ContentHistory>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("/{contentItemId}/diff", DiffAsync)
            .WithSummary("What changed between two versions").WithDescription("from and to are version ids of the item.").Produces<ContentDiff>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    // The readers' path takes only the cache: ContentQueries (and its DbContext) is resolved when a caller asks for more.
    private static async Task<IResult> GetAsync(string contentItemId, string? version, HttpContext context, PublishedContentCache published)
    {
        if (PreviewApi.TokenOf(context.Request) is { } token)
        {
            // A preview link opens that one item's latest version, for whoever holds it; nothing else, and nothing kept.
            var previewed = await context.RequestServices.GetRequiredService<PreviewLinks>().OpenAsync(token, contentItemId);
            context.Response.Headers.CacheControl = "no-store";
            return previewed is null ? Problems.From(Refusal.NotFound("There is no such content item, or the preview link has expired.")) : Item(context, previewed);
        }
        if (string.Equals(version, "latest", StringComparison.OrdinalIgnoreCase))
        {
            var queries = context.RequestServices.GetRequiredService<ContentQueries>();
            var latest = await queries.GetLatestAsync(contentItemId, await context.GetActorAsync());
            context.Response.Headers.CacheControl = "private, no-cache";
            return latest.Succeeded ? Item(context, latest.Value!) : Problems.From(latest.Refusal!);
        }
        if (version is not null && !string.Equals(version, "published", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Invalid("version", "version is 'latest' or 'published'.");
        }

        // Readers' hot path: bytes from memory, no database round trip once cached.
        var document = await published.GetItemAsync(contentItemId);
        if (document is null) return Problems.From(Refusal.NotFound("There is no such content item."));
        context.Response.Headers.ETag = document.ETag;
        context.Response.Headers.CacheControl = "public, no-cache";
        if (context.Request.Headers.IfNoneMatch.Contains(document.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return new JsonBytesResult(document.Utf8Json);
    }

    private static async Task<IResult> ListAsync(HttpContext context, PublishedContentCache published, IOptions<CmsOptions> options,
        string? type, string? status, string? category, string? owner, string? page, string? pageSize)
    {
        if (!QueryNumbers.TryPositive(page, 1, int.MaxValue, out var pageNumber)) return Problems.Invalid("page", "page is a whole number from 1.");
        var max = options.Value.Api.MaxPageSize;
        if (!QueryNumbers.TryPositive(pageSize, 20, max, out var size)) return Problems.Invalid("pageSize", $"pageSize is a whole number from 1 to {max}.");
        if (!QueryNumbers.IsReachable(pageNumber, size)) return Problems.Invalid("page", $"page is too far: page × pageSize goes past {int.MaxValue} items.");
        string? state = null;
        if (status is not null)
        {
            var names = context.RequestServices.GetRequiredService<ContentDefinitionStore>().Current.StateNames;
            state = names.FirstOrDefault(n => string.Equals(n, status, StringComparison.OrdinalIgnoreCase));
            if (state is null) return Problems.Invalid("status", $"status is a state of the workflows: {string.Join(", ", names.Order())}.");
        }

        var actor = await context.GetActorAsync();
        var query = new ContentListQuery(type, state, category, owner, pageNumber, size);
        ContentQueries Queries() => context.RequestServices.GetRequiredService<ContentQueries>();
        if (!actor.IsAuthenticated && (state is null || context.RequestServices.GetRequiredService<ContentDefinitionStore>().Current.PublishedStates.Contains(state)))
        {
            // Anonymous readers all get the same answer: built once per change of what is published.
            var key = $"{type}|{category}|{owner}|{pageNumber}|{size}";
            Refusal? refusal = null;
            var bytes = await published.GetListAsync(key, async () =>
            {
                var result = await Queries().ListAsync(query, actor);
                refusal = result.Refusal;
                return result.Succeeded ? result.Value!.ToUtf8() : [];
            });
            if (refusal is not null) return Problems.From(refusal);
            if (bytes.Length > 0) return new JsonBytesResult(bytes);
        }
        var listed = await Queries().ListAsync(query, actor);
        return listed.Succeeded ? new JsonBytesResult(listed.Value!.ToUtf8()) : Problems.From(listed.Refusal!);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ContentWriter writer, IOptions<CmsOptions> options)
    {
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        var created = await writer.CreateDraftAsync(body.Value!, await context.GetActorAsync());
        if (!created.Succeeded) return Problems.From(created.Refusal!);
        context.Response.Headers.Location = $"/api/content/{created.Value!.ContentItemId}";
        return Item(context, created.Value, StatusCodes.Status201Created);
    }

    private static async Task<IResult> SaveAsync(string contentItemId, HttpContext context, ContentWriter writer, IOptions<CmsOptions> options)
    {
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        var saved = await writer.SaveDraftAsync(contentItemId, IfMatchVersion(context.Request), body.Value!, await context.GetActorAsync());
        return saved.Succeeded ? Item(context, saved.Value!) : Problems.From(saved.Refusal!);
    }

    private static async Task<IResult> DeleteAsync(string contentItemId, HttpContext context, WorkflowService workflow)
    {
        var deleted = await workflow.DeleteAsync(contentItemId, await context.GetActorAsync());
        return deleted.Succeeded ? Results.NoContent() : Problems.From(deleted.Refusal!);
    }

    private static async Task<IResult> TransitionAsync(string contentItemId, string transition, HttpContext context, WorkflowService workflow, IOptions<CmsOptions> options)
    {
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes, optional: true);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        var request = ReadTransitionRequest(body.Value!);
        if (!request.Succeeded) return Problems.From(request.Refusal!);

        var result = await workflow.ApplyAsync(contentItemId, transition, request.Value!, await context.GetActorAsync());
        return result.Succeeded ? Item(context, result.Value!) : Problems.From(result.Refusal!);
    }

    private static async Task<IResult> HistoryAsync(string contentItemId, HttpContext context, ContentQueries queries)
    {
        var history = await queries.GetHistoryAsync(contentItemId, await context.GetActorAsync());
        return history.Succeeded ? Results.Json(history.Value) : Problems.From(history.Refusal!);
    }

    private static async Task<IResult> DiffAsync(string contentItemId, string? from, string? to, HttpContext context, ContentQueries queries)
    {
        var diff = await queries.DiffAsync(contentItemId, from, to, await context.GetActorAsync());
        return diff.Succeeded ? Results.Json(diff.Value) : Problems.From(diff.Refusal!);
    }

    private static Outcome<TransitionRequest> ReadTransitionRequest(JsonObject body)
    {
        string? comment = null;
        if (body["comment"] is { } c)
        {
            if (c is not JsonValue cv || !cv.TryGetValue(out comment)) return Refusal.Invalid("comment must be a string.", Field("comment", "Must be a string."));
        }
        DateTime? publishAt = null;
        if (body["publishAtUtc"] is { } p)
        {
            if (p is not JsonValue pv || !pv.TryGetValue<string>(out var text)
                || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Refusal.Invalid("publishAtUtc must be an ISO 8601 date and time.", Field("publishAtUtc", "Must be an ISO 8601 date and time, e.g. 2024-11-23T08:00:00Z."));
            }
            publishAt = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
        }
        return new TransitionRequest(comment, publishAt);
    }

    /// <summary>The version id in <c>If-Match: "…"</c> (weak or strong); null when the header is absent.</summary>
    private static string? IfMatchVersion(HttpRequest request)
    {
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfMatch, out var tags) || tags.Count == 0)
        {
            var raw = request.Headers.IfMatch.ToString().Trim();
            return raw.Length == 0 ? null : raw.Trim('"');
        }
        return tags[0].Tag.ToString().Trim('"');
    }

    private static IResult Item(HttpContext context, ContentItem item, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.ETag = $"\"{item.ContentItemVersionId}\"";
        return new JsonBytesResult(ContentItemJson.ToUtf8(item), status);
    }

    private static Dictionary<string, string[]> Field(string name, string message) => new() { [name] = [message] };
}
