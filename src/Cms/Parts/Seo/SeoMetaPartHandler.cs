using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;

namespace Cms.Parts.Seo;

/// <summary>
/// Orchard's SeoMetaPart: <c>{"PageTitle", "MetaDescription", "OpenGraphTitle", "OpenGraphDescription": "…",
/// "OpenGraphImage": {"Paths": [...], "MediaTexts": [...]}}</c> (Orchard's other properties are kept as they come).
/// Lengths beyond the recommended ones (60, 160, 70) are the editor's hint, not a refusal; only a shape that the site
/// could not read, or a text past any reason, is refused.
/// </summary>
public sealed class SeoMetaPartHandler : IContentPartHandler
{
    public const int MaxLength = 1000;
    public static readonly string[] Texts = ["PageTitle", "MetaDescription", "OpenGraphTitle", "OpenGraphDescription"];

    public string PartName => "SeoMetaPart";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentTypePartDefinition part, JsonObject value)
    {
        foreach (var name in Texts)
        {
            if (!JsonValues.TryGetString(value[name], out var text)) context.Errors.Add($"{part.Name}.{name}", $"{name} must be a string.");
            else if (text?.Length > MaxLength) context.Errors.Add($"{part.Name}.{name}", $"{name} is longer than {MaxLength} characters.");
        }
        if (value["OpenGraphImage"] is { } image && (image is not JsonObject media || !Strings(media["Paths"]) || !Strings(media["MediaTexts"])))
        {
            context.Errors.Add($"{part.Name}.OpenGraphImage", "OpenGraphImage must be a media field: {\"Paths\": [...], \"MediaTexts\": [...]}.");
        }
        return ValueTask.CompletedTask;
    }

    private static bool Strings(JsonNode? node) => node is null || (node is JsonArray array && array.All(n => n is JsonValue v && v.TryGetValue<string>(out _)));
}
