using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Recipes;

/// <summary>
/// Finds recipes in the recipes folder (or reads one from any file) and runs one in a single transaction: a recipe that fails at any step
/// leaves nothing behind. Running a recipe again duplicates nothing (see each step).
/// </summary>
public sealed class RecipeRunner(IServiceScopeFactory scopes, IHostEnvironment environment, IOptions<CmsOptions> options,
    IConfiguration configuration, ILogger<RecipeRunner> logger)
{
    /// <summary>Orchard Core steps that configure features this CMS does not have as modules; they are skipped, with a note in the log.</summary>
    private static readonly HashSet<string> OrchardOnlySteps = new(StringComparer.OrdinalIgnoreCase)
    {
        "feature", "themes", "settings", "layers", "AdminMenu", "MediaProfiles", "Templates", "AdminTemplates", "queries",
        "media", "CustomSettings", "Placements", "WorkflowType", "Sitemaps", "lucene-index-rebuild", "lucene-index-reset",
        "Deployment", "Shortcodes", "Command",
    };

    public const string SetupStateDocument = "SetupState";

    public IReadOnlyList<Recipe> List()
    {
        var folder = Path.Combine(environment.ContentRootPath, options.Value.RecipesPath);
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "*.recipe.json").Order(StringComparer.Ordinal)
            .Select(f => Recipe.Read(f, File.ReadAllText(f))).ToList();
    }

    public Recipe? Find(string name) =>
        List().FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A recipe from any path (an export from another site); a file that is not a recipe is refused, naming it.</summary>
    public static Recipe FromFile(string filePath)
    {
        if (!File.Exists(filePath)) throw new RecipeException($"{filePath} does not exist.");
        try
        {
            return Recipe.Read(filePath, File.ReadAllText(filePath));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new RecipeException($"{filePath} is not a JSON recipe: {e.Message}");
        }
    }

    /// <summary>Runs the recipe; returns the change-feed sequence its commit reached (0 when it changed nothing).</summary>
    public async Task<long> RunAsync(Recipe recipe, Actor runAs, string? runAsUserId)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CmsDbContext>();
        runAs = runAs with { Source = Changes.ChangeSources.Recipe };
        var steps = services.GetServices<IRecipeStep>().ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        var root = (JsonObject)recipe.Root.DeepClone();
        var expressions = new RecipeExpressions(
            new Dictionary<string, string?> { ["AdminUserId"] = runAsUserId, ["AdminUsername"] = runAs.UserName },
            configuration);

        // One transaction for the whole recipe: each step's changes join it, and the change feed gets them all at the commit.
        await using var transaction = await services.GetRequiredService<UnitOfWork>().BeginAsync();
        try
        {
            expressions.DefineVariables(root["variables"] as JsonObject);
            var number = 0;
            foreach (var node in root["steps"] as JsonArray ?? throw new RecipeException($"Recipe '{recipe.Name}': 'steps' must be an array."))
            {
                number++;
                var name = node?["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                if (node is not JsonObject step || name is null) throw new RecipeException($"Recipe '{recipe.Name}', step {number}: a step needs a name.");
                if (!steps.TryGetValue(name, out var handler))
                {
                    if (OrchardOnlySteps.Contains(name))
                    {
                        logger.LogInformation("Recipe {Recipe}, step {Number} '{Step}': an Orchard Core setting this CMS has no module for; skipped.", recipe.Name, number, name);
                        continue;
                    }
                    throw new RecipeException($"Recipe '{recipe.Name}', step {number} '{name}': unknown step. Known steps: {string.Join(", ", steps.Keys.Order())}.");
                }
                expressions.ReplaceIn(step, $"Recipe '{recipe.Name}', step {number} '{name}'");
                await handler.ExecuteAsync(new RecipeStepContext(recipe.Name, name, number, step, runAs));
            }
            if (recipe.IsSetupRecipe) await MarkSetupDoneAsync(db, recipe);
            await transaction.CommitAsync();
            logger.LogInformation("Recipe {Recipe} ran.", recipe.Name);
            return services.GetRequiredService<Changes.RequestChangeSequence>().Committed;
        }
        catch
        {
            await transaction.DisposeAsync();
            // The definitions in memory may hold what the rolled-back steps defined.
            await services.GetRequiredService<ContentDefinitionStore>().LoadAsync(db);
            throw;
        }
    }

    public static async Task<bool> IsSetupDoneAsync(CmsDbContext db) =>
        await db.Documents.AnyAsync(d => d.Name == SetupStateDocument);

    private static async Task MarkSetupDoneAsync(CmsDbContext db, Recipe recipe)
    {
        if (await IsSetupDoneAsync(db)) return;
        db.Documents.Add(new StoredDocument
        {
            Name = SetupStateDocument,
            Json = new JsonObject { ["Recipe"] = recipe.Name, ["Version"] = recipe.Version }.ToJsonString(),
            ModifiedUtc = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
