using System.Text.Json.Nodes;

namespace Cms.Content.Definitions;

/// <summary>
/// Reads Orchard Core's ContentDefinition format (<c>ContentTypes[]</c>, <c>ContentParts[]</c>) and writes it back.
/// Every part and field must be known: a built-in, or a part defined here or before.
/// </summary>
public static class ContentDefinitionReader
{
    public static Outcome<(List<ContentTypeDefinition> Types, List<ContentPartDefinition> Parts)> Read(
        JsonObject step, string stepName, ContentDefinitionSet existing, IEnumerable<string> builtInParts, IEnumerable<string> builtInFields)
    {
        var fieldKinds = builtInFields.ToHashSet(StringComparer.Ordinal);
        var partNames = builtInParts.ToHashSet(StringComparer.Ordinal);
        partNames.UnionWith(existing.Parts.Keys);
        return Read(step, stepName, partNames.Contains, fieldKinds.Contains, string.Join(", ", builtInParts.Order()), string.Join(", ", fieldKinds.Order()));
    }

    /// <summary>Reads definitions this store wrote itself; they were checked when they were saved.</summary>
    public static ContentDefinitionSet ReadStored(JsonObject json)
    {
        var read = Read(json, "stored definitions", _ => true, _ => true, "", "");
        if (!read.Succeeded) throw new InvalidDataException("The stored content definitions cannot be read: " + read.Refusal!.Detail);
        return ContentDefinitionSet.Empty.With(read.Value.Types, read.Value.Parts);
    }

    private static Outcome<(List<ContentTypeDefinition> Types, List<ContentPartDefinition> Parts)> Read(
        JsonObject step, string stepName, Func<string, bool> isKnownPart, Func<string, bool> isKnownField, string partList, string fieldList)
    {
        var errors = new List<string>();
        var parts = new List<ContentPartDefinition>();
        var types = new List<ContentTypeDefinition>();

        if (step["ContentParts"] is { } partsNode && partsNode is not JsonArray)
            errors.Add($"Step '{stepName}': ContentParts must be an array.");
        if (step["ContentTypes"] is { } typesNode && typesNode is not JsonArray)
            errors.Add($"Step '{stepName}': ContentTypes must be an array.");

        foreach (var (node, index) in Elements(step["ContentParts"]))
        {
            var where = $"Step '{stepName}', ContentParts[{index}]";
            if (node is not JsonObject partJson || Name(partJson) is not { } partName)
            {
                errors.Add($"{where}: a part needs a Name.");
                continue;
            }
            where = $"Step '{stepName}', part '{partName}'";
            var fields = new List<ContentPartFieldDefinition>();
            foreach (var (fieldNode, fieldIndex) in Elements(partJson["ContentPartFieldDefinitionRecords"]))
            {
                if (fieldNode is not JsonObject fieldJson || Name(fieldJson) is not { } fieldName)
                {
                    errors.Add($"{where}, ContentPartFieldDefinitionRecords[{fieldIndex}]: a field needs a Name.");
                    continue;
                }
                var fieldKind = fieldJson["FieldName"] is JsonValue k && k.TryGetValue<string>(out var kind) ? kind : null;
                if (fieldKind is null || !isKnownField(fieldKind))
                {
                    errors.Add($"{where}, field '{fieldName}': unknown field type '{fieldKind}'. Known: {fieldList}.");
                    continue;
                }
                if (fields.Any(f => f.Name == fieldName)) errors.Add($"{where}: the field '{fieldName}' is defined twice.");
                var field = new ContentPartFieldDefinition(fieldName, fieldKind, Settings(fieldJson));
                if (field.Role is { } role && (!FieldRoles.Kinds.TryGetValue(role, out var roleKind) || roleKind != fieldKind))
                {
                    errors.Add(FieldRoles.Kinds.TryGetValue(role, out roleKind)
                        ? $"{where}, field '{fieldName}': the role '{role}' is held by a {roleKind}, not a {fieldKind}."
                        : $"{where}, field '{fieldName}': unknown role '{role}'. Known roles: {string.Join(", ", FieldRoles.Kinds.Keys.Order())}.");
                }
                fields.Add(field);
            }
            parts.Add(new ContentPartDefinition(partName, Settings(partJson), fields));
        }

        var definedHere = parts.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (node, index) in Elements(step["ContentTypes"]))
        {
            var where = $"Step '{stepName}', ContentTypes[{index}]";
            if (node is not JsonObject typeJson || Name(typeJson) is not { } typeName)
            {
                errors.Add($"{where}: a content type needs a Name.");
                continue;
            }
            where = $"Step '{stepName}', type '{typeName}'";
            var typeParts = new List<ContentTypePartDefinition>();
            foreach (var (partNode, partIndex) in Elements(typeJson["ContentTypePartDefinitionRecords"]))
            {
                if (partNode is not JsonObject partJson || partJson["PartName"] is not JsonValue pn || !pn.TryGetValue<string>(out var partName))
                {
                    errors.Add($"{where}, ContentTypePartDefinitionRecords[{partIndex}]: a part record needs a PartName.");
                    continue;
                }
                var name = Name(partJson) ?? partName;
                // A type's own fields live in a part named after the type, which may be implicit.
                if (!isKnownPart(partName) && !definedHere.Contains(partName) && partName != typeName)
                {
                    errors.Add($"{where}: unknown part '{partName}'. Define it in ContentParts or use a built-in part ({partList}).");
                    continue;
                }
                if (typeParts.Any(p => p.Name == name)) errors.Add($"{where}: the part '{name}' is attached twice.");
                typeParts.Add(new ContentTypePartDefinition(name, partName, Settings(partJson)));
            }
            var displayName = typeJson["DisplayName"] is JsonValue d && d.TryGetValue<string>(out var dn) ? dn : typeName;
            errors.AddRange(Workflow.ContentWorkflow.Read(Settings(typeJson), where).Errors);
            types.Add(new ContentTypeDefinition(typeName, displayName, Settings(typeJson), typeParts));
        }

        if (errors.Count > 0) return Refusal.Invalid(string.Join(" ", errors));
        return (types, parts);
    }

    public static JsonObject Write(ContentDefinitionSet set) => new()
    {
        ["ContentTypes"] = new JsonArray(set.Types.Values.OrderBy(t => t.Name).Select(t => (JsonNode)new JsonObject
        {
            ["Name"] = t.Name,
            ["DisplayName"] = t.DisplayName,
            ["Settings"] = t.Settings.DeepClone(),
            ["ContentTypePartDefinitionRecords"] = new JsonArray(t.Parts.Select(p => (JsonNode)new JsonObject
            {
                ["PartName"] = p.PartName,
                ["Name"] = p.Name,
                ["Settings"] = p.Settings.DeepClone(),
            }).ToArray()),
        }).ToArray()),
        ["ContentParts"] = new JsonArray(set.Parts.Values.OrderBy(p => p.Name).Select(p => (JsonNode)new JsonObject
        {
            ["Name"] = p.Name,
            ["Settings"] = p.Settings.DeepClone(),
            ["ContentPartFieldDefinitionRecords"] = new JsonArray(p.Fields.Select(f => (JsonNode)new JsonObject
            {
                ["FieldName"] = f.FieldName,
                ["Name"] = f.Name,
                ["Settings"] = f.Settings.DeepClone(),
            }).ToArray()),
        }).ToArray()),
    };

    private static IEnumerable<(JsonNode? Node, int Index)> Elements(JsonNode? node) =>
        node is JsonArray array ? array.Select((n, i) => (n, i)) : [];

    private static string? Name(JsonObject json) =>
        json["Name"] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static JsonObject Settings(JsonObject json) =>
        json["Settings"] is JsonObject settings ? (JsonObject)settings.DeepClone() : [];
}
