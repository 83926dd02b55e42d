using System.Text.Json.Nodes;
using Cms.Content.Definitions;

namespace Cms.Content;

/// <summary>
/// Checks an item against its type: only the type's parts, only each part's fields, and each part and field
/// checked (and normalized) by its handler. Everything wrong is reported at once, by JSON path.
/// </summary>
public sealed class ContentValidator(IEnumerable<IContentPartHandler> partHandlers, IEnumerable<IContentFieldHandler> fieldHandlers)
{
    private readonly Dictionary<string, IContentPartHandler> _parts = partHandlers.ToDictionary(h => h.PartName);
    private readonly Dictionary<string, IContentFieldHandler> _fields = fieldHandlers.ToDictionary(h => h.FieldName);

    public IEnumerable<string> PartNames => _parts.Keys;
    public IEnumerable<string> FieldNames => _fields.Keys;

    public async Task<ValidationErrors> ValidateAsync(ContentItem item, ContentTypeDefinition type, ContentDefinitionSet definitions, ContentItem? previous)
    {
        var context = new ContentValidationContext(item, type, definitions, previous);

        foreach (var (name, value) in item.Content)
        {
            var part = type.FindPart(name);
            if (part is null) context.Errors.Add(name, $"'{name}' is not a part of the type '{type.Name}'.");
            else if (value is not JsonObject) context.Errors.Add(name, $"The part '{name}' must be a JSON object.");
        }
        if (context.Errors.Any) return context.Errors;

        foreach (var part in type.Parts)
        {
            if (_parts.TryGetValue(part.PartName, out var handler))
            {
                await handler.ValidateAsync(context, part, item.GetOrCreatePart(part.Name));
            }
            var fields = definitions.FieldsOf(part);
            if (fields.Count > 0 || definitions.FindPart(part.PartName) is not null)
            {
                await ValidateFieldsAsync(context, part, fields);
            }
        }
        return context.Errors;
    }

    private async Task ValidateFieldsAsync(ContentValidationContext context, ContentTypePartDefinition part, IReadOnlyList<ContentPartFieldDefinition> fields)
    {
        var partValue = context.Item.Part(part.Name);
        if (partValue is not null)
        {
            foreach (var (name, value) in partValue)
            {
                if (!fields.Any(f => f.Name == name)) context.Errors.Add($"{part.Name}.{name}", $"'{name}' is not a field of '{part.Name}'.");
                else if (value is not JsonObject) context.Errors.Add($"{part.Name}.{name}", $"The field '{name}' must be a JSON object.");
            }
        }
        foreach (var field in fields)
        {
            var path = $"{part.Name}.{field.Name}";
            var value = partValue?[field.Name] as JsonObject;
            if (partValue?[field.Name] is { } node && value is null) continue;
            if (_fields.TryGetValue(field.FieldName, out var handler)) await handler.ValidateAsync(context, field, value, path);
        }
    }
}
