using System.Text.Json.Nodes;
using Cms.Categories;
using Cms.Content;
using Cms.Security;
using Microsoft.Extensions.Options;
using Cms.OpenApi;

namespace Cms.Api;

/// <summary>Categories: the terms of the Categories taxonomy, readable by everyone, written with ManageCategories.</summary>
public static class CategoriesApi
{
    public static void MapCategoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/categories").DisableAntiforgery().WithTags("Categories").ProducesProblems(StatusCodes.Status400BadRequest);
        var writes = new[] { StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict };
        api.MapGet("/", ListAsync).WithSummary("List the categories").Produces<CategoryList>().ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPost("/", CreateAsync).WithSummary("Create a category")
            .Reads<CategoryBody>().Produces<Category>(StatusCodes.Status201Created).ProducesProblems([.. writes, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        api.MapPut("/{contentItemId}", RenameAsync).WithSummary("Rename a category")
            .Reads<CategoryBody>().Produces<Category>().ProducesProblems([.. writes, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        api.MapDelete("/{contentItemId}", DeleteAsync).WithSummary("Delete a category")
            .WithDescription("The items in it move to the category moveTo (a category's id); without it, a category still in use is refused (409).")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems([.. writes, StatusCodes.Status404NotFound]);
        api.MapPost("/{contentItemId}/move", MoveAsync).WithSummary("Move a category among its siblings")
            .Reads<CategoryMoveBody>().Produces<Category>().ProducesProblems([.. writes, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
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
