using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;

namespace Cms.Parts.HtmlBody;

/// <summary>HtmlBodyPart: <c>{"Html": "…"}</c>, sanitized on the way in.</summary>
public sealed class HtmlBodyPartHandler(HtmlSanitizerService sanitizer) : IContentPartHandler
{
    public string PartName => "HtmlBodyPart";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentTypePartDefinition part, JsonObject value)
    {
        if (!JsonValues.TryGetString(value["Html"], out var html))
        {
            context.Errors.Add(part.Name + ".Html", "The body must be a string of HTML.");
            return ValueTask.CompletedTask;
        }
        value["Html"] = string.IsNullOrEmpty(html) ? "" : sanitizer.Sanitize(html);
        return ValueTask.CompletedTask;
    }
}
