using System.Text.Json.Nodes;
using Cms.Content;

namespace Cms.Webhooks;

/// <summary>
/// A subscription's settings as a client or the admin gives them. A null member is absent: the default when creating,
/// unchanged when updating. An empty list of content types means every type.
/// </summary>
public sealed record WebhookInput
{
    public string? Url { get; init; }
    public IReadOnlyList<string>? Events { get; init; }
    public IReadOnlyList<string>? ContentTypes { get; init; }
    public IReadOnlyList<string>? ExcludedSources { get; init; }
    public string? Secret { get; init; }
    public bool? Enabled { get; init; }

    /// <summary>Reads a JSON body; members of the wrong JSON type are recorded in <paramref name="errors"/> under their names.</summary>
    public static WebhookInput Read(JsonObject body, ValidationErrors errors) => new()
    {
        Url = Text(body, "url", errors),
        Events = List(body, "events", errors),
        ContentTypes = List(body, "contentTypes", errors, nullMeansEmpty: true),
        ExcludedSources = List(body, "excludedSources", errors, nullMeansEmpty: true),
        Secret = Text(body, "secret", errors),
        Enabled = body.ContainsKey("enabled") ? Flag(body, "enabled", errors) : null,
    };

    private static string? Text(JsonObject body, string name, ValidationErrors errors)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var text)) return text;
        errors.Add(name, $"{name} must be a string.");
        return null;
    }

    private static bool? Flag(JsonObject body, string name, ValidationErrors errors)
    {
        if (body[name] is JsonValue v && v.TryGetValue<bool>(out var flag)) return flag;
        errors.Add(name, $"{name} must be true or false.");
        return null;
    }

    private static List<string>? List(JsonObject body, string name, ValidationErrors errors, bool nullMeansEmpty = false)
    {
        if (!body.TryGetPropertyValue(name, out var node)) return null;
        if (node is null) return nullMeansEmpty ? [] : null;
        if (node is not JsonArray array)
        {
            errors.Add(name, $"{name} must be an array of strings.");
            return null;
        }
        var values = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.TryGetValue<string>(out var text)) values.Add(text.Trim());
            else errors.Add($"{name}[{i}]", $"{name}[{i}] must be a string.");
        }
        return values;
    }
}
