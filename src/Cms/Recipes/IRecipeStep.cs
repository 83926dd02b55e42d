using System.Text.Json.Nodes;
using Cms.Security;

namespace Cms.Recipes;

/// <summary>What a step gets: its JSON (expressions already evaluated), where it is, and who the recipe runs as.</summary>
public sealed record RecipeStepContext(string RecipeName, string StepName, int StepNumber, JsonObject Step, Actor RunAs)
{
    public string Where => $"Recipe '{RecipeName}', step {StepNumber} '{StepName}'";
}

/// <summary>One kind of recipe step, found by its name (case-insensitively, as Orchard does).</summary>
public interface IRecipeStep
{
    string Name { get; }

    Task ExecuteAsync(RecipeStepContext context);
}
