using System.Text.Json.Nodes;
using Cms.Categories;
using Cms.Content;
using Cms.Security;
using Microsoft.Extensions.Options;

namespace Cms.Api;

/// <summary>Categories: the terms of the Categories taxonomy, readable by everyone, written with ManageCategories.</summary>
public static class CategoriesApi
{
    public static void MapCategoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/categories").DisableAntiforgery();
        api.MapGet("/", ListAsync);
        api.MapPost("/", CreateAsync);
        api.MapPut("/{contentItemId}", RenameAsync);
        api.MapDelete("/{contentItemId}", DeleteAsync);
        api.MapPost("/{contentItemId}/move", MoveAsync);
    }

    private static async Task<IResult> ListAsync(CategoryService categories)
    {
        var list = await categories.ListAsync();
        return list.Succeeded ? Results.Json(list.Value) : Problems.From(list.Refusal!);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, CategoryService categories, IOptions<CmsOptions> options)
    {
        var body = await ReadAsync(context, options);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        var created = await categories.CreateAsync(body.Value.Name, body.Value.Slug, await context.GetActorAsync(), body.Value.Parent is { Length: > 0 } parent ? parent : null);
        return created.Succeeded
            ? Results.Created($"/api/categories/{created.Value!.ContentItemId}", created.Value)
            : Problems.From(created.Refusal!);
    }

    private static async Task<IResult> RenameAsync(string contentItemId, HttpContext context, CategoryService categories, IOptions<CmsOptions> options)
    {
        var body = await ReadAsync(context, options);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        var renamed = await categories.RenameAsync(contentItemId, body.Value.Name, body.Value.Slug, await context.GetActorAsync(), body.Value.Parent);
        return renamed.Succeeded ? Results.Json(renamed.Value) : Problems.From(renamed.Refusal!);
    }

    private static async Task<IResult> DeleteAsync(string contentItemId, string? moveTo, HttpContext context, CategoryService categories)
    {
        var deleted = await categories.DeleteAsync(contentItemId, string.IsNullOrEmpty(moveTo) ? null : moveTo, await context.GetActorAsync());
        return deleted.Succeeded ? Results.NoContent() : Problems.From(deleted.Refusal!);
    }

    private static async Task<IResult> MoveAsync(string contentItemId, HttpContext context, CategoryService categories, IOptions<CmsOptions> options)
    {
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        if (body.Value!["position"] is not JsonValue value || !value.TryGetValue(out int position))
        {
            return Problems.From(Refusal.Invalid("position must be a whole number (0 = first).", new Dictionary<string, string[]> { ["position"] = ["Must be a whole number."] }));
        }
        var moved = await categories.MoveAsync(contentItemId, position, await context.GetActorAsync());
        return moved.Succeeded ? Results.Json(moved.Value) : Problems.From(moved.Refusal!);
    }

    /// <summary>
    /// name, slug, and parentContentItemId: a category's id to put it under, or (in a PUT) null to bring it to the top
    /// level; absent, the category stays where it is. Parent is then "" for the top level, null for no move.
    /// </summary>
    private static async Task<Outcome<(string? Name, string? Slug, string? Parent)>> ReadAsync(HttpContext context, IOptions<CmsOptions> options)
    {
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes);
        if (!body.Succeeded) return body.Refusal!;
        if (!Text(body.Value!, "name", out var name)) return Refusal.Invalid("name must be a string.", new Dictionary<string, string[]> { ["name"] = ["Must be a string."] });
        if (!Text(body.Value!, "slug", out var slug)) return Refusal.Invalid("slug must be a string.", new Dictionary<string, string[]> { ["slug"] = ["Must be a string."] });
        if (!Text(body.Value!, "parentContentItemId", out var parent))
        {
            return Refusal.Invalid("parentContentItemId must be a category id or null.", new Dictionary<string, string[]> { ["parentContentItemId"] = ["Must be a category id or null."] });
        }
        var parentGiven = body.Value!.ContainsKey("parentContentItemId");
        return (name, string.IsNullOrWhiteSpace(slug) ? null : slug, parentGiven ? parent ?? "" : null);
    }

    private static bool Text(JsonObject body, string name, out string? value)
    {
        value = null;
        return body[name] is null || (body[name] is JsonValue v && v.TryGetValue(out value));
    }
}
