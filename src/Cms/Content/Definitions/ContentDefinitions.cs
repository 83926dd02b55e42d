using System.Text.Json.Nodes;

namespace Cms.Content.Definitions;

/// <summary>A content type: its parts, in Orchard Core's ContentDefinition format.</summary>
public sealed record ContentTypeDefinition(string Name, string DisplayName, JsonObject Settings, IReadOnlyList<ContentTypePartDefinition> Parts)
{
    public ContentTypePartDefinition? FindPart(string name) => Parts.FirstOrDefault(p => p.Name == name);

    public bool HasPart(string partName) => Parts.Any(p => p.PartName == partName);

    /// <summary><c>Settings.ContentTypeSettings.Creatable</c>; types with no settings (taxonomy terms, say) are not created through the API.</summary>
    public bool Creatable => Settings.Setting("ContentTypeSettings", "Creatable") ?? false;
}

/// <summary>A part attached to a type; <see cref="Name"/> is the property name in the item's JSON.</summary>
public sealed record ContentTypePartDefinition(string Name, string PartName, JsonObject Settings);

/// <summary>A reusable part and the fields it holds (a type's own fields live in a part named after the type).</summary>
public sealed record ContentPartDefinition(string Name, JsonObject Settings, IReadOnlyList<ContentPartFieldDefinition> Fields);

public sealed record ContentPartFieldDefinition(string Name, string FieldName, JsonObject Settings)
{
    public string DisplayName => Settings["ContentPartFieldSettings"]?["DisplayName"]?.GetValue<string>() ?? Name;

    public bool Required => Settings.Setting(FieldName + "Settings", "Required") ?? false;
}

/// <summary>Every type and part known to the site, as one immutable snapshot.</summary>
public sealed class ContentDefinitionSet
{
    public static readonly ContentDefinitionSet Empty = new([], []);

    public ContentDefinitionSet(IEnumerable<ContentTypeDefinition> types, IEnumerable<ContentPartDefinition> parts)
    {
        Types = types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Parts = parts.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, ContentTypeDefinition> Types { get; }
    public IReadOnlyDictionary<string, ContentPartDefinition> Parts { get; }

    public ContentTypeDefinition? FindType(string name) => Types.GetValueOrDefault(name);

    public ContentPartDefinition? FindPart(string name) => Parts.GetValueOrDefault(name);

    /// <summary>The fields a type's part holds, or none for a built-in part.</summary>
    public IReadOnlyList<ContentPartFieldDefinition> FieldsOf(ContentTypePartDefinition part) =>
        FindPart(part.PartName)?.Fields ?? [];

    /// <summary>The taxonomy a TaxonomyField of a type's own part points to ("Article", "Category" → the Categories item's id).</summary>
    public string? TaxonomyOf(string typeName, string fieldName) =>
        FindPart(typeName)?.Fields.FirstOrDefault(f => f.Name == fieldName)?.Settings.StringSetting("TaxonomyFieldSettings", "TaxonomyContentItemId");

    public ContentDefinitionSet With(IEnumerable<ContentTypeDefinition> types, IEnumerable<ContentPartDefinition> parts)
    {
        var mergedTypes = Types.Values.ToDictionary(t => t.Name);
        foreach (var type in types) mergedTypes[type.Name] = type;
        var mergedParts = Parts.Values.ToDictionary(p => p.Name);
        foreach (var part in parts) mergedParts[part.Name] = part;
        return new ContentDefinitionSet(mergedTypes.Values, mergedParts.Values);
    }
}

internal static class SettingsExtensions
{
    public static bool? Setting(this JsonObject settings, string group, string name) =>
        settings[group]?[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static string? StringSetting(this JsonObject settings, string group, string name) =>
        settings[group]?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
