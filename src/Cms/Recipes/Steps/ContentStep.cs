using System.Text.Json.Nodes;
using Cms.Content;

namespace Cms.Recipes.Steps;

/// <summary><c>Content</c>: content items in Orchard's JSON shape. Items that already exist are left alone.</summary>
public sealed class ContentStep(ContentWriter writer, ILogger<ContentStep> logger) : IRecipeStep
{
    public string Name => "Content";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        if (context.Step["Data"] is not JsonArray data) throw new RecipeException($"{context.Where}: 'Data' must be an array of content items.");
        var imported = 0;
        for (var i = 0; i < data.Count; i++)
        {
            if (data[i] is not JsonObject json) throw new RecipeException($"{context.Where}, Data[{i}]: a content item must be an object.");
            var id = json["ContentItemId"]?.ToString();
            var result = await writer.ImportAsync((JsonObject)json.DeepClone(), context.RunAs);
            if (!result.Succeeded)
            {
                throw new RecipeException($"{context.Where}, Data[{i}] ({json["ContentType"]} {id}): {result.Refusal!.Detail}");
            }
            if (result.Value is not null) imported++;
        }
        logger.LogInformation("{Where}: {Imported} item(s) imported, {Skipped} already there.", context.Where, imported, data.Count - imported);
    }
}
