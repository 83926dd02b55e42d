using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Cms.Search;

/// <summary>
/// The passage of a body that best shows why it matched: about <see cref="Length"/> characters around the densest run of
/// matched words, HTML-escaped, each matched word (as analyzed: "soldat" marks "soldats") wrapped in &lt;mark&gt;.
/// </summary>
public static class Snippets
{
    public const int Length = 200;
    private const int Lead = 50;

    public static string Build(string body, Analyzer analyzer, ParsedQuery query)
    {
        if (body.Length == 0) return "";
        var matches = Matches(body, analyzer, query);
        var (start, end) = matches.Count == 0 ? (0, Math.Min(body.Length, Length)) : Window(body, matches);
        start = WordStart(body, start);
        end = WordEnd(body, end);

        var snippet = new StringBuilder(end - start + 64);
        if (start > 0) snippet.Append('…');
        var at = start;
        foreach (var (matchStart, matchEnd) in matches)
        {
            if (matchStart < at || matchEnd > end) continue;
            HtmlText.Escape(snippet, body.AsSpan(at, matchStart - at));
            snippet.Append("<mark>");
            HtmlText.Escape(snippet, body.AsSpan(matchStart, matchEnd - matchStart));
            snippet.Append("</mark>");
            at = matchEnd;
        }
        HtmlText.Escape(snippet, body.AsSpan(at, end - at));
        if (end < body.Length) snippet.Append('…');
        return snippet.ToString();
    }

    private static List<(int Start, int End)> Matches(string body, Analyzer analyzer, ParsedQuery query)
    {
        var matches = new List<(int, int)>();
        if (query.Terms.Count == 0 && query.Prefixes.Count == 0) return matches;
        using var stream = analyzer.GetTokenStream(ArticleDocuments.Body, body);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offsets = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            // Analyzing a long body costs more than the search itself: stop once a window's worth past the first match.
            if (matches.Count > 0 && offsets.StartOffset > matches[0].Item1 + Length) break;
            var text = term.ToString();
            if (query.Terms.Contains(text) || query.Prefixes.Any(p => text.StartsWith(p, StringComparison.Ordinal)))
            {
                var (start, end) = (offsets.StartOffset, offsets.EndOffset);
                // The elided article stays outside the mark: "l'<mark>Ukraine</mark>".
                var apostrophe = body.AsSpan(start, end - start).LastIndexOfAny('\'', '\u2019');
                if (apostrophe >= 0 && apostrophe < end - start - 1) start += apostrophe + 1;
                matches.Add((start, end));
            }
        }
        stream.End();
        return matches;
    }

    /// <summary>The window holding the most matches, starting a little before its first one.</summary>
    private static (int Start, int End) Window(string body, List<(int Start, int End)> matches)
    {
        var best = 0;
        var bestCount = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            var count = 0;
            for (var j = i; j < matches.Count && matches[j].End <= matches[i].Start + Length - Lead; j++) count++;
            if (count > bestCount)
            {
                best = i;
                bestCount = count;
            }
        }
        var start = Math.Max(0, matches[best].Start - Lead);
        var end = Math.Min(body.Length, start + Length);
        if (end == body.Length) start = Math.Max(0, end - Length);
        return (start, end);
    }

    private static int WordStart(string body, int index)
    {
        if (index == 0) return 0;
        var space = body.LastIndexOf(' ', index);
        return space < 0 ? 0 : space + 1;
    }

    private static int WordEnd(string body, int index)
    {
        if (index >= body.Length) return body.Length;
        var space = body.IndexOf(' ', index);
        return space < 0 || space - index > 20 ? index : space;
    }
}
