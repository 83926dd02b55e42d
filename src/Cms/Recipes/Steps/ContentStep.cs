using System.Text.Json.Nodes;
using Cms.Content;

namespace Cms.Recipes.Steps;

/// <summary>
/// <c>Content</c>: content items in Orchard's JSON shape. Items that already exist are left alone. An item may come
/// twice, as Orchard exports it: its published version (<c>"Published": true, "Latest": false</c>) and its newer latest
/// one (a correction in progress, in review, scheduled); the published one is imported first, the other on top of it.
/// </summary>
public sealed class ContentStep(ContentWriter writer, ILogger<ContentStep> logger) : IRecipeStep
{
    // Items this recipe run brought in: a later version of one of them is added on top; one that was there before is skipped whole.
    private readonly HashSet<string> _importedInThisRun = new(StringComparer.Ordinal);

    public string Name => "Content";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        if (context.Step["Data"] is not JsonArray data) throw new RecipeException($"{context.Where}: 'Data' must be an array of content items.");
        var imported = 0;
        var versions = 0;
        foreach (var i in InImportOrder(data))
        {
            if (data[i] is not JsonObject json) throw new RecipeException($"{context.Where}, Data[{i}]: a content item must be an object.");
            var id = json["ContentItemId"]?.ToString();
            if (id is { Length: > 0 } && _importedInThisRun.Contains(id))
            {
                var version = await writer.ImportVersionAsync((JsonObject)json.DeepClone(), context.RunAs);
                if (!version.Succeeded) throw new RecipeException($"{context.Where}, Data[{i}] ({json["ContentType"]} {id}): {version.Refusal!.Detail}");
                versions++;
                continue;
            }
            var result = await writer.ImportAsync((JsonObject)json.DeepClone(), context.RunAs);
            if (!result.Succeeded)
            {
                throw new RecipeException($"{context.Where}, Data[{i}] ({json["ContentType"]} {id}): {result.Refusal!.Detail}");
            }
            if (result.Value is null) continue;
            imported++;
            _importedInThisRun.Add(result.Value.ContentItemId);
        }
        logger.LogInformation("{Where}: {Imported} item(s) imported with {Versions} later version(s), {Skipped} element(s) already there.",
            context.Where, imported, versions, data.Count - imported - versions);
    }

    /// <summary>The elements' indexes, each item's elements together where its first one is, its published-only version first.</summary>
    private static IEnumerable<int> InImportOrder(JsonArray data)
    {
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var group = new int[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            var id = data[i]?["ContentItemId"]?.ToString();
            group[i] = id is { Length: > 0 } && !firstIndex.TryAdd(id, i) ? firstIndex[id] : i;
        }
        // OrderBy is stable: otherwise the elements keep the recipe's order.
        return Enumerable.Range(0, data.Count).OrderBy(i => group[i]).ThenBy(i => IsPublishedOnly(data[i]) ? 0 : 1);
    }

    private static bool IsPublishedOnly(JsonNode? node) =>
        node?["Published"] is JsonValue p && p.TryGetValue<bool>(out var published) && published
        && node["Latest"] is JsonValue l && l.TryGetValue<bool>(out var latest) && !latest;
}
