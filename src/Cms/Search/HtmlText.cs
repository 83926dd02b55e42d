using System.Net;
using System.Text;

namespace Cms.Search;

/// <summary>The readable text of stored (already sanitized) HTML: tags dropped, block ends turned into spaces, entities decoded.</summary>
public static class HtmlText
{
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html)) return "";
        var text = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i + 1);
                if (end < 0) break;
                // Any tag may separate words ("<p>a</p><p>b</p>"); inline tags inside a word are rare in news copy.
                if (text.Length > 0 && text[^1] != ' ') text.Append(' ');
                i = end + 1;
                continue;
            }
            text.Append(char.IsWhiteSpace(c) ? ' ' : c);
            i++;
        }
        return CollapseSpaces(WebUtility.HtmlDecode(text.ToString()));
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

    private static string CollapseSpaces(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (space && (result.Length == 0 || result[^1] == ' ')) continue;
            result.Append(space ? ' ' : c);
        }
        if (result.Length > 0 && result[^1] == ' ') result.Length--;
        return result.ToString();
    }
}
