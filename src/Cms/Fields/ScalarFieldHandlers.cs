using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Parts.HtmlBody;

namespace Cms.Fields;

/// <summary>TextField: <c>{"Text": "…"}</c>.</summary>
public sealed class TextFieldHandler : IContentFieldHandler
{
    public const int MaxLength = 10_000;

    public string FieldName => "TextField";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentPartFieldDefinition field, JsonObject? value, string path)
    {
        string? text = null;
        if (value is not null && !JsonValues.TryGetString(value["Text"], out text)) context.Errors.Add(path + ".Text", "Text must be a string.");
        else if (text?.Length > MaxLength) context.Errors.Add(path + ".Text", $"Text is longer than {MaxLength} characters.");
        else if (field.Required && string.IsNullOrWhiteSpace(text)) context.Errors.Add(path + ".Text", $"{field.DisplayName} is required.");
        // A blank text is stored as no text, in Orchard's shape ({"Text": null}): an empty form field says nothing, and
        // whatever reads the item (a theme, a feed, a client) then need not tell "" from absent.
        else if (text is not null && string.IsNullOrWhiteSpace(text)) value!["Text"] = null;
        return ValueTask.CompletedTask;
    }
}

/// <summary>HtmlField: <c>{"Html": "…"}</c>, sanitized like the body.</summary>
public sealed class HtmlFieldHandler(HtmlSanitizerService sanitizer) : IContentFieldHandler
{
    public string FieldName => "HtmlField";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentPartFieldDefinition field, JsonObject? value, string path)
    {
        string? html = null;
        if (value is not null && !JsonValues.TryGetString(value["Html"], out html)) context.Errors.Add(path + ".Html", "Html must be a string.");
        else if (field.Required && string.IsNullOrWhiteSpace(html)) context.Errors.Add(path + ".Html", $"{field.DisplayName} is required.");
        else if (value is not null) value["Html"] = string.IsNullOrEmpty(html) ? "" : sanitizer.Sanitize(html);
        return ValueTask.CompletedTask;
    }
}

/// <summary>BooleanField: <c>{"Value": true}</c>.</summary>
public sealed class BooleanFieldHandler : IContentFieldHandler
{
    public string FieldName => "BooleanField";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentPartFieldDefinition field, JsonObject? value, string path)
    {
        if (value?["Value"] is { } node && node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            context.Errors.Add(path + ".Value", "Value must be true or false.");
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>NumericField: <c>{"Value": 12.5}</c>, within the field's Minimum and Maximum.</summary>
public sealed class NumericFieldHandler : IContentFieldHandler
{
    public string FieldName => "NumericField";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentPartFieldDefinition field, JsonObject? value, string path)
    {
        var node = value?["Value"];
        if (node is null)
        {
            if (field.Required) context.Errors.Add(path + ".Value", $"{field.DisplayName} is required.");
            return ValueTask.CompletedTask;
        }
        // 1e400 is a JSON number too, but no decimal: refused like a string rather than thrown on.
        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<decimal>(out var number))
        {
            context.Errors.Add(path + ".Value", "Value must be a number (at most 28 digits).");
            return ValueTask.CompletedTask;
        }
        var settings = field.Settings["NumericFieldSettings"];
        if (settings?["Minimum"] is JsonValue min && min.TryGetValue<decimal>(out var minimum) && number < minimum)
        {
            context.Errors.Add(path + ".Value", $"Value must be at least {minimum.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (settings?["Maximum"] is JsonValue max && max.TryGetValue<decimal>(out var maximum) && number > maximum)
        {
            context.Errors.Add(path + ".Value", $"Value must be at most {maximum.ToString(CultureInfo.InvariantCulture)}.");
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>DateTimeField: <c>{"Value": "2024-11-23T10:00:00Z"}</c>, stored in UTC.</summary>
public sealed class DateTimeFieldHandler : IContentFieldHandler
{
    public string FieldName => "DateTimeField";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentPartFieldDefinition field, JsonObject? value, string path)
    {
        var node = value?["Value"];
        if (node is null)
        {
            if (field.Required) context.Errors.Add(path + ".Value", $"{field.DisplayName} is required.");
            return ValueTask.CompletedTask;
        }
        if (!JsonValues.TryGetString(node, out var text)
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            context.Errors.Add(path + ".Value", "Value must be an ISO 8601 date and time.");
            return ValueTask.CompletedTask;
        }
        value!["Value"] = DateTime.SpecifyKind(date, DateTimeKind.Utc);
        return ValueTask.CompletedTask;
    }
}
