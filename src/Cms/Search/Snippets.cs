using System.Text;
using Lucene.Net.Analysis;

namespace Cms.Search;

/// <summary>
/// The passage that best shows why an article matched: about <see cref="Length"/> characters of the body around the
/// densest run of matched words, HTML-escaped, each matched word (as analyzed: "soldat" marks "soldats") wrapped in
/// &lt;mark&gt;. When the body holds none of the words (they were in the title or the standfirst), the standfirst,
/// marked the same way: it says what the article is about better than the body's first lines.
/// </summary>
public static class Snippets
{
    public const int Length = 200;
    private const int Lead = 50;

    public static string Build(string body, Analyzer analyzer, ParsedQuery query) => Build(body, null, analyzer, query);

    public static string Build(string body, string? standfirst, Analyzer analyzer, ParsedQuery query)
    {
        var matches = Matches(body, analyzer, query);
        if (matches.Count == 0 && !string.IsNullOrWhiteSpace(standfirst)) return Passage(standfirst, Matches(standfirst, analyzer, query));
        return Passage(body, matches);
    }

    private static string Passage(string text, List<(int Start, int End)> matches)
    {
        if (text.Length == 0) return "";
        var (start, end) = matches.Count == 0 ? (0, Math.Min(text.Length, Length)) : Window(text, matches);
        start = WordStart(text, start);
        end = WordEnd(text, end);

        var snippet = new StringBuilder(end - start + 64);
        if (start > 0) snippet.Append('…');
        var at = start;
        foreach (var (matchStart, matchEnd) in matches)
        {
            if (matchStart < at || matchEnd > end) continue;
            HtmlText.Escape(snippet, text.AsSpan(at, matchStart - at));
            snippet.Append("<mark>");
            HtmlText.Escape(snippet, text.AsSpan(matchStart, matchEnd - matchStart));
            snippet.Append("</mark>");
            at = matchEnd;
        }
        HtmlText.Escape(snippet, text.AsSpan(at, end - at));
        if (end < text.Length) snippet.Append('…');
        return snippet.ToString();
    }

    /// <summary>Candidate words looked at, at most: bounds the cost of a snippet on a long body full of near-misses.</summary>
    private const int MaxCandidates = 64;

    /// <summary>
    /// Analyzing a whole body costs more than the search itself, so only candidate words are analyzed: those whose
    /// first letters are a query word's (<see cref="Key"/>: accents folded, œ and æ written out, doubled letters made
    /// single, as the light stemmer does, so that "attaque", indexed "ataqu", is a candidate), each on its own. A
    /// candidate is a match when the analyzer turns it into a query term or a word of a prefix.
    /// </summary>
    private static List<(int Start, int End)> Matches(string body, Analyzer analyzer, ParsedQuery query)
    {
        if (query.Terms.Count == 0 && query.Prefixes.Count == 0) return [];
        var probes = query.Terms.Concat(query.Prefixes).Where(w => w.Length > 0).Select(w => Key(w)).Distinct().ToList();
        var folded = Fold(body);
        var matches = new List<(int, int)>();
        Span<char> key = stackalloc char[KeyLength];
        var looked = 0;
        for (var start = 0; start < folded.Length && looked < MaxCandidates; start++)
        {
            if (!char.IsLetterOrDigit(folded[start]) || (start > 0 && char.IsLetterOrDigit(folded[start - 1]))) continue;
            var end = start;
            while (end < folded.Length && char.IsLetterOrDigit(folded[end])) end++;
            if (!IsCandidate(key[..Key(folded.AsSpan(start, end - start), key)], probes)) continue;
            looked++;
            if (IsMatch(body[start..end], analyzer, query)) matches.Add((start, end));
        }
        return matches;
    }

    private const int KeyLength = 4;

    private static bool IsCandidate(ReadOnlySpan<char> word, List<string> probes)
    {
        foreach (var probe in probes)
        {
            if (word.StartsWith(probe, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static string Key(string word)
    {
        Span<char> key = stackalloc char[KeyLength];
        return key[..Key(word.AsSpan(), key)].ToString();
    }

    /// <summary>Writes the first <see cref="KeyLength"/> letters of a folded word's comparison form into <paramref name="key"/>; returns how many.</summary>
    private static int Key(ReadOnlySpan<char> word, Span<char> key)
    {
        var length = 0;
        foreach (var c in word)
        {
            var (first, second) = c switch { 'œ' => ('o', 'e'), 'æ' => ('a', 'e'), _ => (c, '\0') };
            if (!Append(key, ref length, first) || (second != '\0' && !Append(key, ref length, second))) break;
        }
        return length;
    }

    // A doubled letter is written once; false when the key is full.
    private static bool Append(Span<char> key, ref int length, char letter)
    {
        if (length > 0 && key[length - 1] == letter) return true;
        if (length == KeyLength) return false;
        key[length++] = letter;
        return true;
    }

    private static bool IsMatch(string word, Analyzer analyzer, ParsedQuery query) =>
        ReaderQueryParser.Analyze(analyzer, word).Any(term =>
            query.Terms.Contains(term) || query.Prefixes.Any(prefix => ReaderQueryParser.SingleLetters(term).StartsWith(ReaderQueryParser.SingleLetters(prefix), StringComparison.Ordinal)));

    // Lower case without accents, one character for one, so that positions stay those of the body (œ and æ stay: see Key).
    private static string Fold(string body) => string.Create(body.Length, body, (span, text) =>
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = char.ToLowerInvariant(text[i]);
            span[i] = c < 128 ? c : FoldAccent(c);
        }
    });

    private static char FoldAccent(char c) => c switch
    {
        'à' or 'â' or 'ä' or 'á' or 'ã' => 'a',
        'é' or 'è' or 'ê' or 'ë' => 'e',
        'î' or 'ï' or 'í' or 'ì' => 'i',
        'ô' or 'ö' or 'ó' or 'ò' or 'õ' => 'o',
        'ù' or 'û' or 'ü' or 'ú' => 'u',
        'ç' => 'c',
        'ÿ' => 'y',
        'ñ' => 'n',
        _ => c,
    };

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
