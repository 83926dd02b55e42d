using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;

namespace Cms.Recipes.Steps;

/// <summary><c>ContentDefinition</c>: content types and parts, merged into the site's definitions.</summary>
public sealed class ContentDefinitionStep(CmsDbContext db, ContentDefinitionStore store, ContentValidator validator) : IRecipeStep
{
    public string Name => "ContentDefinition";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var read = ContentDefinitionReader.Read(context.Step, context.StepName, store.Current, validator.PartNames, validator.FieldNames);
        if (!read.Succeeded) throw new RecipeException($"Recipe '{context.RecipeName}': {read.Refusal!.Detail}");
        await store.SaveAsync(db, store.Current.With(read.Value.Types, read.Value.Parts));
    }
}
