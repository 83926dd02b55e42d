using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Cms.Workflow;

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

    /// <summary>What the field is for (<see cref="FieldRoles"/>): <c>Settings.ContentPartFieldSettings.Role</c>.</summary>
    public string? Role => Settings.StringSetting("ContentPartFieldSettings", "Role");

    public bool Required => Settings.Setting(FieldName + "Settings", "Required") ?? false;
}

/// <summary>Every type and part known to the site, as one immutable snapshot.</summary>
public sealed class ContentDefinitionSet
{
    public static readonly ContentDefinitionSet Empty = new([], []);

    private readonly Dictionary<string, Dictionary<string, RoleField>> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContentWorkflow> _workflows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _taxonomiesInRole = new(StringComparer.Ordinal);

    public ContentDefinitionSet(IEnumerable<ContentTypeDefinition> types, IEnumerable<ContentPartDefinition> parts)
    {
        Types = types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Parts = parts.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var type in Types.Values)
        {
            var roles = new Dictionary<string, RoleField>(StringComparer.Ordinal);
            foreach (var part in type.Parts)
            {
                foreach (var field in FieldsOf(part))
                {
                    if (field.Role is { } role) roles.TryAdd(role, new RoleField(role, part.Name, field));
                }
            }
            _roles[type.Name] = roles;
            // Checked when a recipe defines it (ContentDefinitionReader); a stored definition that no longer reads falls back to the default.
            _workflows[type.Name] = ContentWorkflow.Read(type.Settings, type.Name).Workflow ?? ContentWorkflow.Default;
        }
        StateNames = _workflows.Values.Append(ContentWorkflow.Default).SelectMany(w => w.States).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        PublishedStates = _workflows.Values.Append(ContentWorkflow.Default).Select(w => w.Published.Name).ToHashSet(StringComparer.Ordinal);
        ScheduledStates = _workflows.Values.Append(ContentWorkflow.Default).SelectMany(w => w.States)
            .Where(s => s.Kind == StateKind.Scheduled).Select(s => s.Name).Distinct().ToList();
        ListedTypes = Types.Values.Where(t => Role(t.Name, FieldRoles.Category) is not null).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The types the site lists as news (home page, category and tag pages, feeds, the news sitemap): those with a field
    /// in the Category role. Other types (a page, say) are reached by their path and the sitemap only.
    /// </summary>
    public IReadOnlyList<string> ListedTypes { get; }

    /// <summary>The states and transitions of a type: its <c>WorkflowSettings</c>, or the newsroom default.</summary>
    public ContentWorkflow WorkflowOf(string typeName) => _workflows.GetValueOrDefault(typeName) ?? ContentWorkflow.Default;

    /// <summary>Every state name some type's workflow has (what a status filter may name).</summary>
    public IReadOnlySet<string> StateNames { get; }

    /// <summary>The names of the published states, across types: a status filter naming one asks for what readers see.</summary>
    public IReadOnlySet<string> PublishedStates { get; }

    /// <summary>The names of the states of kind Scheduled, across types: what the scheduler looks for.</summary>
    public IReadOnlyList<string> ScheduledStates { get; }

    /// <summary>The field of <paramref name="typeName"/> that holds <paramref name="role"/>, or null.</summary>
    public RoleField? Role(string typeName, string role) =>
        _roles.TryGetValue(typeName, out var roles) && roles.TryGetValue(role, out var field) ? field : null;

    /// <summary>The text of the item's field in <paramref name="role"/>; null when its type has none or it is empty.</summary>
    public string? Text(ContentItem item, string role) => Role(item.ContentType, role)?.TextIn(item);

    public bool Flag(ContentItem item, string role) => Role(item.ContentType, role)?.FlagIn(item) ?? false;

    public IEnumerable<string> Terms(ContentItem item, string role) => Role(item.ContentType, role)?.TermsIn(item) ?? [];

    public IEnumerable<string> Users(ContentItem item, string role) => Role(item.ContentType, role)?.UsersIn(item) ?? [];

    public (string? Path, string? Text) FirstMedia(ContentItem item, string role) => Role(item.ContentType, role)?.FirstMediaIn(item) ?? (null, null);

    /// <summary>Roles held by more than one field of a type: a definition error (which one would the site show?).</summary>
    public IEnumerable<string> RoleConflicts() =>
        from type in Types.Values
        from sameRole in type.Parts.SelectMany(p => FieldsOf(p).Where(f => f.Role is not null).Select(f => (Part: p.Name, Field: f))).GroupBy(f => f.Field.Role)
        where sameRole.Count() > 1
        select $"type '{type.Name}': the role '{sameRole.Key}' is held by {string.Join(" and ", sameRole.Select(f => $"{f.Part}.{f.Field.Name}"))}.";

    /// <summary>The fields holding <paramref name="role"/> across the types that have one.</summary>
    public IEnumerable<RoleField> FieldsInRole(string role) =>
        _roles.Values.Select(r => r.GetValueOrDefault(role)).OfType<RoleField>();

    /// <summary>The taxonomy of the first field in <paramref name="role"/> (Category, Tags): the site's categories, its tags.</summary>
    /// <remarks>Worked out once per role (a search asks on every request; the set never changes).</remarks>
    public string? TaxonomyInRole(string role) => _taxonomiesInRole.GetOrAdd(role, r =>
        ListedTypes.Concat(Types.Keys.Order(StringComparer.Ordinal)).Select(t => Role(t, r)?.TaxonomyContentItemId).FirstOrDefault(id => id is not null));

    public IReadOnlyDictionary<string, ContentTypeDefinition> Types { get; }
    public IReadOnlyDictionary<string, ContentPartDefinition> Parts { get; }

    public ContentTypeDefinition? FindType(string name) => Types.GetValueOrDefault(name);

    public ContentPartDefinition? FindPart(string name) => Parts.GetValueOrDefault(name);

    /// <summary>The fields a type's part holds, or none for a built-in part.</summary>
    public IReadOnlyList<ContentPartFieldDefinition> FieldsOf(ContentTypePartDefinition part) =>
        FindPart(part.PartName)?.Fields ?? [];

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
