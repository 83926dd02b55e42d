using System.Net;
using System.Text;

namespace Cms.Search;

/// <summary>The readable text of stored (already sanitized) HTML: tags dropped, block ends turned into spaces, entities decoded.</summary>
public static class HtmlText
{
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html)) return "";
        // One pass (every article goes through here when an index is built): tags, entities and runs of spaces as they come.
        var text = new StringBuilder(html.Length);
        var space = false;
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i + 1);
                if (end < 0) break;
                // Any tag may separate words ("<p>a</p><p>b</p>"); inline tags inside a word are rare in news copy.
                space = true;
                i = end + 1;
                continue;
            }
            if (c == '&')
            {
                var semicolon = html.IndexOf(';', i + 1, Math.Min(MaxEntity, html.Length - i - 1));
                if (semicolon > 0)
                {
                    foreach (var decoded in WebUtility.HtmlDecode(html.AsSpan(i, semicolon - i + 1).ToString())) Append(text, decoded, ref space);
                    i = semicolon + 1;
                    continue;
                }
            }
            Append(text, c, ref space);
            i++;
        }
        return text.ToString();
    }

    // The longest entity looked for ("&CounterClockwiseContourIntegral;" is 33 characters).
    private const int MaxEntity = 40;

    private static void Append(StringBuilder text, char c, ref bool space)
    {
        if (char.IsWhiteSpace(c))
        {
            space = true;
            return;
        }
        if (space && text.Length > 0) text.Append(' ');
        space = false;
        text.Append(c);
    }

    /// <summary>Escapes text for HTML content and attributes.</summary>
    public static void Escape(StringBuilder output, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '"': output.Append("&quot;"); break;
                case '\'': output.Append("&#39;"); break;
                default: output.Append(c); break;
            }
        }
    }
}
