using Cms.Api;
using Cms.Content;
using Cms.Security;
using Cms.OpenApi;

namespace Cms.Recipes;

/// <summary><c>/api/recipes</c>: list the recipes and run one again (ManageRecipes); export the site as a recipe (ExportContent).</summary>
public static class RecipesApi
{
    public static void MapRecipesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/recipes").DisableAntiforgery().WithTags("Recipes")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        api.MapGet("/", ListAsync).WithSummary("List the recipes").Produces<IReadOnlyList<RecipeDocument>>();
        api.MapGet("/export", ExportAsync).WithSummary("Export the site as an Orchard Core recipe")
            .WithDescription("Streamed as an attachment: ContentDefinition, Roles, lucene-index, then content steps (taxonomies, then every item's published and latest versions); no users.")
            .Produces<System.Text.Json.Nodes.JsonObject>();
        api.MapPost("/{name}/run", RunAsync).WithSummary("Run a recipe")
            .WithDescription("Its steps (content definitions, roles, content, search indexes) in one go; the answer's Cms-Seq header is the change's sequence.")
            .Produces<RecipeRun>().ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(HttpContext context, RecipeRunner runner)
    {
        var actor = await context.GetActorAsync();
        if (actor.Lacks(Permissions.ManageRecipes, "Running recipes") is { } refusal) return Problems.From(refusal);
        return Results.Json(runner.List().Select(r => new { r.Name, r.DisplayName, r.Description, r.Version, r.IsSetupRecipe }));
    }

    private static async Task<IResult> ExportAsync(HttpContext context, RecipeExport export, TimeProvider clock)
    {
        var actor = await context.GetActorAsync();
        if (actor.Lacks(Permissions.ExportContent, "Exporting the site") is { } refusal) return Problems.From(refusal);
        // Drafts and every role's permissions are in it: no cache of any kind may keep a copy.
        context.Response.Headers.CacheControl = "no-store";
        var fileName = $"export-{clock.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}.recipe.json";
        return Results.Stream(body => export.WriteAsync(body, context.RequestAborted), "application/json; charset=utf-8", fileName);
    }

    private static async Task<IResult> RunAsync(string name, HttpContext context, RecipeRunner runner)
    {
        var actor = await context.GetActorAsync();
        if (actor.Lacks(Permissions.ManageRecipes, "Running recipes") is { } refusal) return Problems.From(refusal);
        Recipe? recipe;
        try
        {
            recipe = runner.Find(name);
        }
        catch (Exception e) when (e is RecipeException or System.Text.Json.JsonException)
        {
            return Problems.From(Refusal.Invalid(e.Message));
        }
        if (recipe is null) return Problems.From(Refusal.NotFound($"There is no recipe named '{name}'."));
        try
        {
            // The run commits in a scope of its own: its sequence is this answer's (the Cms-Seq header).
            context.RequestServices.GetRequiredService<Changes.RequestChangeSequence>().Committed = await runner.RunAsync(recipe, actor, actor.UserId);
        }
        catch (RecipeException e)
        {
            return Problems.From(Refusal.Invalid(e.Message));
        }
        return Results.Ok(new { recipe = recipe.Name, ran = true });
    }
}
