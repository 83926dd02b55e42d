using System.Text.Json.Nodes;
using Cms.Content.Definitions;

namespace Cms.Content;

/// <summary>What part and field handlers see while an item is checked before it is stored.</summary>
public sealed class ContentValidationContext(ContentItem item, ContentTypeDefinition type, ContentDefinitionSet definitions, ContentItem? previous)
{
    public ContentItem Item { get; } = item;
    public ContentTypeDefinition Type { get; } = type;
    public ContentDefinitionSet Definitions { get; } = definitions;

    /// <summary>The version the new one replaces, if any.</summary>
    public ContentItem? Previous { get; } = previous;

    public ValidationErrors Errors { get; } = new();
}

/// <summary>A built-in part: checks and normalizes its JSON object in an item (sanitizing, generating values).</summary>
public interface IContentPartHandler
{
    string PartName { get; }

    ValueTask ValidateAsync(ContentValidationContext context, ContentTypePartDefinition part, JsonObject value);
}

/// <summary>A field kind: checks and normalizes one field's JSON object; <c>value</c> is null when the item has none.</summary>
public interface IContentFieldHandler
{
    string FieldName { get; }

    ValueTask ValidateAsync(ContentValidationContext context, ContentPartFieldDefinition field, JsonObject? value, string path);
}

internal static class JsonValues
{
    public static bool TryGetString(JsonNode? node, out string? value)
    {
        value = null;
        if (node is null) return true;
        if (node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            value = s;
            return true;
        }
        return false;
    }

    public static bool TryGetStringArray(JsonNode? node, out List<string> values)
    {
        values = [];
        if (node is null) return true;
        if (node is not JsonArray array) return false;
        foreach (var element in array)
        {
            if (element is not JsonValue v || !v.TryGetValue<string>(out var s)) return false;
            values.Add(s);
        }
        return true;
    }

    public static JsonArray ToArray(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
