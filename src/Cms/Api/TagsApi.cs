using Cms.Content;
using Cms.OpenApi;
using Cms.Security;
using Cms.Tags;
using Microsoft.Extensions.Options;
using System.Text.Json.Nodes;

namespace Cms.Api;

/// <summary>Tags: the terms of the Tags taxonomy, readable by everyone, created by those who publish (shaped like /api/categories).</summary>
public static class TagsApi
{
    public static void MapTagsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tags").DisableAntiforgery().WithTags("Tags").ProducesProblems(StatusCodes.Status400BadRequest);
        api.MapGet("/", ListAsync).WithSummary("List the tags").Produces<TagList>().ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPost("/", CreateAsync).WithSummary("Create a tag")
            .WithDescription("Needs PublishContent. A tag of the same name (any case) is refused with 409, naming its id (contentItemId).")
            .Reads<TagBody>().Produces<Tag>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> ListAsync(TagService tags)
    {
        var list = await tags.ListAsync();
        return list.Succeeded ? Results.Json(list.Value) : Problems.From(list.Refusal!);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, TagService tags, IOptions<CmsOptions> options)
    {
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        if (body.Value!["name"] is { } node && (node is not JsonValue value || !value.TryGetValue<string>(out _)))
        {
            return Problems.From(Refusal.Invalid("name must be a string.", new Dictionary<string, string[]> { ["name"] = ["Must be a string."] }));
        }
        var created = await tags.CreateAsync(body.Value["name"]?.GetValue<string>(), await context.GetActorAsync());
        return created.Succeeded ? Results.Created($"/api/tags/{created.Value!.ContentItemId}", created.Value) : Problems.From(created.Refusal!);
    }
}
