using System.Text.Json.Nodes;
using Cms.Api;
using Cms.Data;
using Cms.Security;
using Microsoft.EntityFrameworkCore;
using Cms.OpenApi;

namespace Cms.Changes;

/// <summary><c>GET /api/changes?after=&amp;limit=</c>: the change feed in sequence order, for holders of ViewChangeFeed.</summary>
public static class ChangesApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void MapChangesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/changes", ListAsync).WithTags("Changes").WithSummary("Read the change feed")
            .WithDescription("Entries after the sequence after (0: from the start), in sequence order, limit at a time (100 by default, 1000 at most).")
            .Produces<ChangesPageDocument>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        app.MapGet("/api/changes/status", StatusAsync).WithTags("Changes").WithSummary("Where this node is in the change feed")
            .Produces<ChangesStatusDocument>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }

    /// <summary>Where this node is in the feed: what an operator (or a test) compares across nodes and with the table.</summary>
    private static async Task<IResult> StatusAsync(HttpContext context, CmsDbContext db, ChangeFeedFollower follower)
    {
        var actor = await context.GetActorAsync();
        if (actor.Lacks(Permissions.ViewChangeFeed, "Reading the change feed") is { } refusal) return Problems.From(refusal);
        var last = await db.Set<ChangeFeedEntry>().MaxAsync(e => (long?)e.Sequence, context.RequestAborted) ?? 0;
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            last,
            applied = follower.Applied,
            startedAt = follower.StartedAt,
            appliedCount = follower.AppliedCount,
            // The slowest of the caches and the search indexes (an index still being built for the first time is not counted).
            searchApplied = follower.AppliedEverywhere,
        });
    }

    private static async Task<IResult> ListAsync(HttpContext context, CmsDbContext db, string? after, string? limit)
    {
        var actor = await context.GetActorAsync();
        if (actor.Lacks(Permissions.ViewChangeFeed, "Reading the change feed") is { } refusal) return Problems.From(refusal);
        if (!QueryNumbers.TryWhole(after, 0, long.MaxValue, out var from)) return Problems.Invalid("after", "after is a sequence: a whole number from 0.");
        if (!QueryNumbers.TryPositive(limit, DefaultLimit, MaxLimit, out var take)) return Problems.Invalid("limit", $"limit is a whole number from 1 to {MaxLimit}.");

        var entries = await db.Set<ChangeFeedEntry>().AsNoTracking().Where(e => e.Sequence > from).OrderBy(e => e.Sequence).Take(take).ToListAsync(context.RequestAborted);
        var prunedThrough = await ChangeFeedFollower.PrunedThroughAsync(db, context.RequestAborted);
        context.Response.Headers.CacheControl = "private, no-cache";
        return Results.Json(new
        {
            items = entries.Select(e => new
            {
                sequence = e.Sequence,
                @event = e.Event,
                contentItemId = e.ContentItemId,
                contentItemVersionId = e.ContentItemVersionId,
                contentType = e.ContentType,
                source = e.Source,
                user = e.UserName,
                utc = e.Utc,
                data = e.Data is null ? null : JsonNode.Parse(e.Data),
            }),
            // Where to continue from; and the oldest point still held (a reader behind it missed entries and must start over).
            next = entries.Count > 0 ? entries[^1].Sequence : from,
            prunedThrough,
        });
    }
}
