using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cms.Recipes;

/// <summary>A recipe file in Orchard Core's format: a descriptor and its steps.</summary>
public sealed record Recipe(string Name, string? DisplayName, string? Description, string? Version, bool IsSetupRecipe, string FilePath, JsonObject Root)
{
    public static readonly JsonDocumentOptions ParseOptions = new()
    {
        // Orchard recipes carry // comments and trailing commas.
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static Recipe Read(string filePath, string json)
    {
        var root = JsonNode.Parse(json, documentOptions: ParseOptions) as JsonObject
            ?? throw new RecipeException($"{Path.GetFileName(filePath)}: a recipe must be a JSON object.");
        var name = root["name"] is JsonValue n && n.TryGetValue<string>(out var s) && s.Length > 0
            ? s
            : Path.GetFileName(filePath).Replace(".recipe.json", "", StringComparison.OrdinalIgnoreCase);
        return new Recipe(name, Text(root, "displayName"), Text(root, "description"), Text(root, "version"),
            root["issetuprecipe"] is JsonValue v && v.TryGetValue<bool>(out var setup) && setup, filePath, root);
    }

    private static string? Text(JsonObject root, string name) =>
        root[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>A recipe that cannot run; the message names the file, the step and the element at fault.</summary>
public sealed class RecipeException(string message) : Exception(message);
