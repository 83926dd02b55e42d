using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;

namespace Cms.Parts.Title;

/// <summary>TitlePart: <c>{"Title": "…"}</c>; the title is the item's DisplayText.</summary>
public sealed class TitlePartHandler : IContentPartHandler
{
    public const int MaxLength = 500;

    public string PartName => "TitlePart";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentTypePartDefinition part, JsonObject value)
    {
        var path = part.Name + ".Title";
        if (!JsonValues.TryGetString(value["Title"], out var title))
        {
            context.Errors.Add(path, "The title must be a string.");
            return ValueTask.CompletedTask;
        }
        title = title?.Trim();
        var required = part.Settings.StringSetting("TitlePartSettings", "Options") == "EditableRequired";
        if (required && string.IsNullOrEmpty(title)) context.Errors.Add(path, "A title is required.");
        else if (title?.Length > MaxLength) context.Errors.Add(path, $"The title is longer than {MaxLength} characters.");

        value["Title"] = title;
        context.Item.DisplayText = title;
        return ValueTask.CompletedTask;
    }
}
