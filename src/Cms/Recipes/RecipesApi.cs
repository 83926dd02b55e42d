using Cms.Api;
using Cms.Content;
using Cms.Security;
using Cms.OpenApi;

namespace Cms.Recipes;

/// <summary><c>/api/recipes</c>: list the recipes and run one again (ManageRecipes).</summary>
public static class RecipesApi
{
    public static void MapRecipesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/recipes").DisableAntiforgery().WithTags("Recipes")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        api.MapGet("/", ListAsync).WithSummary("List the recipes").Produces<IReadOnlyList<RecipeDocument>>();
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
