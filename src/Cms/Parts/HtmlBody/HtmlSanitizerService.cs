using System.Runtime.CompilerServices;
using Ganss.Xss;

namespace Cms.Parts.HtmlBody;

/// <summary>
/// The one place HTML from editors is cleaned, before it is stored: no script, no event handler, no
/// javascript: link, no inline style, ever reaches the database.
/// </summary>
public sealed class HtmlSanitizerService
{
    private readonly HtmlSanitizer _sanitizer;

    public HtmlSanitizerService()
    {
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedAttributes.Remove("style");
        _sanitizer.AllowedTags.Add("figure");
        _sanitizer.AllowedTags.Add("figcaption");
        foreach (var tag in new[] { "form", "input", "button", "select", "option", "textarea", "label", "fieldset", "legend" })
        {
            _sanitizer.AllowedTags.Remove(tag);
        }
        _sanitizer.AllowedSchemes.Clear();
        _sanitizer.AllowedSchemes.Add("http");
        _sanitizer.AllowedSchemes.Add("https");
        _sanitizer.AllowedSchemes.Add("mailto");
    }

    // The strings this service returned, by reference: the same string handed back (an import cleans a body while the
    // previous batch is written, and the lifecycle checks it again) is clean and is not parsed a second time. Entries
    // go with their strings.
    private readonly ConditionalWeakTable<string, object?> _clean = new();

    public string Sanitize(string html)
    {
        if (_clean.TryGetValue(html, out _)) return html;
        var clean = _sanitizer.Sanitize(html);
        _clean.AddOrUpdate(clean, null);
        return clean;
    }
}
