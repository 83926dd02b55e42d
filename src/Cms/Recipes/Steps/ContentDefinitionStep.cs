using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;

namespace Cms.Recipes.Steps;

/// <summary><c>ContentDefinition</c>: content types and parts, merged into the site's definitions.</summary>
public sealed class ContentDefinitionStep(CmsDbContext db, ContentDefinitionStore store, ContentValidator validator, ContentLifecycle lifecycle) : IRecipeStep
{
    public string Name => "ContentDefinition";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var read = ContentDefinitionReader.Read(context.Step, context.StepName, store.Current, validator.PartNames, validator.FieldNames);
        if (!read.Succeeded) throw new RecipeException($"Recipe '{context.RecipeName}': {read.Refusal!.Detail}");
        var merged = store.Current.With(read.Value.Types, read.Value.Parts);
        if (merged.RoleConflicts().ToList() is { Count: > 0 } conflicts) throw new RecipeException($"{context.Where}: {string.Join(" ", conflicts)}");
        await store.SaveAsync(db, merged);
        lifecycle.Record(ChangeEvents.DefinitionsChanged, context.RunAs, new JsonObject
        {
            ["types"] = new JsonArray(read.Value.Types.Select(t => (JsonNode)t.Name).ToArray()),
            ["parts"] = new JsonArray(read.Value.Parts.Select(p => (JsonNode)p.Name).ToArray()),
        });
    }
}
