using Cms.Api;
using Cms.Content;
using Cms.Security;
using Microsoft.AspNetCore.Antiforgery;

namespace Cms.Admin.Presence;

/// <summary>
/// The editor page's heartbeat (<c>POST /admin/presence/{id}</c>, answering who else is there) and its goodbye
/// (<c>POST /admin/presence/{id}/leave</c>, sent by <c>navigator.sendBeacon</c> on <c>pagehide</c>). Admin endpoints:
/// the sign-in cookie and the page's antiforgery token in the form body, like the pages' own forms.
/// </summary>
public static class PresenceApi
{
    public static void AddPresence(this IServiceCollection services)
    {
        services.AddOptions<PresenceOptions>().BindConfiguration(PresenceOptions.Section);
        services.AddScoped<PresenceBoard>();
    }

    public static void MapPresence(this WebApplication app)
    {
        var group = app.MapGroup("/admin/presence/{id}").RequireAuthorization(AdminSetup.PolicyName);
        group.MapPost("", BeatAsync);
        group.MapPost("/leave", LeaveAsync);
    }

    private static async Task<IResult> BeatAsync(string id, HttpContext context, PresenceBoard board, ContentQueries queries, IAntiforgery antiforgery)
    {
        if (await RefusedAsync(context, antiforgery) is { } refused) return refused;
        var actor = await context.GetActorAsync();
        // Only someone who may see the item says they are in it: a heartbeat reveals nothing of others' drafts.
        var item = await queries.GetLatestAsync(id, actor);
        if (!item.Succeeded) return Problems.From(item.Refusal!);
        await board.BeatAsync(id, actor);
        var others = await board.OthersAsync(id, actor);
        return Results.Ok(new { message = board.Describe(others), others = others.Select(o => new { userName = o.UserName, sinceUtc = o.SinceUtc }) });
    }

    private static async Task<IResult> LeaveAsync(string id, HttpContext context, PresenceBoard board, IAntiforgery antiforgery)
    {
        if (await RefusedAsync(context, antiforgery) is { } refused) return refused;
        await board.LeaveAsync(id, await context.GetActorAsync());
        return Results.NoContent();
    }

    private static async Task<IResult?> RefusedAsync(HttpContext context, IAntiforgery antiforgery)
    {
        bool valid;
        try
        {
            valid = await antiforgery.IsRequestValidAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            // A body that is no readable form (a multipart without its boundary) holds no token either.
            valid = false;
        }
        return valid
            ? null
            : Problems.From(Refusal.Invalid("The antiforgery token is missing or invalid: send the editor page's __RequestVerificationToken in a form body.",
                new Dictionary<string, string[]> { ["__RequestVerificationToken"] = ["Missing or invalid."] }));
    }
}
