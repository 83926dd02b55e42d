using System.Buffers;
using System.Text;
using Lucene.Net.Analysis;

namespace Cms.Search;

/// <summary>
/// The passage that best shows why an article matched: about <see cref="Length"/> characters of the body around the
/// densest run of matched words, HTML-escaped, each matched word (as analyzed: "soldat" marks "soldats") wrapped in
/// &lt;mark&gt;. When the body holds none of the words (they were in the title or the standfirst), the standfirst,
/// marked the same way: it says what the article is about better than the body's first lines.
/// One instance serves the hits of one search: what it learns of the query (the candidates' first letters, which words
/// of the bodies match) is worked out once for all of them. Not for use by two threads at once.
/// </summary>
public sealed class Snippets
{
    public const int Length = 200;
    private const int Lead = 50;

    private readonly Analyzer _analyzer;
    private readonly ParsedQuery _query;
    private readonly string[] _probes;
    private readonly string[] _prefixes;
    private readonly SearchValues<char>? _firstLetters;
    private readonly Dictionary<string, bool> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> _seenBySpan;

    public Snippets(Analyzer analyzer, ParsedQuery query)
    {
        _analyzer = analyzer;
        _query = query;
        _probes = query.Terms.Concat(query.Prefixes).Where(w => w.Length > 0).Select(Key).Distinct(StringComparer.Ordinal).Where(k => k.Length > 0).ToArray();
        _prefixes = query.Prefixes.Select(ReaderQueryParser.SingleLetters).ToArray();
        _firstLetters = FirstLetters(_probes);
        _seenBySpan = _seen.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static string Build(string body, Analyzer analyzer, ParsedQuery query) => new Snippets(analyzer, query).Build(body, null);

    public static string Build(string body, string? standfirst, Analyzer analyzer, ParsedQuery query) => new Snippets(analyzer, query).Build(body, standfirst);

    public string Build(string body, string? standfirst) => Build(body.AsSpan(), standfirst);

    /// <summary>The snippet of a body read into a buffer (a search decodes each hit's body into one pooled buffer, not a string).</summary>
    public string Build(ReadOnlySpan<char> body, string? standfirst)
    {
        var matches = Matches(body);
        if (matches.Count == 0 && !string.IsNullOrWhiteSpace(standfirst)) return Passage(standfirst, Matches(standfirst));
        return Passage(body, matches);
    }

    private static string Passage(ReadOnlySpan<char> text, List<(int Start, int End)> matches)
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
            HtmlText.Escape(snippet, text[at..matchStart]);
            snippet.Append("<mark>");
            HtmlText.Escape(snippet, text[matchStart..matchEnd]);
            snippet.Append("</mark>");
            at = matchEnd;
        }
        HtmlText.Escape(snippet, text[at..end]);
        if (end < text.Length) snippet.Append('…');
        return snippet.ToString();
    }

    /// <summary>Candidate words looked at, at most: bounds the cost of a snippet on a long body full of near-misses.</summary>
    private const int MaxCandidates = 64;

    private const int KeyLength = 4;

    /// <summary>
    /// Analyzing a whole body costs more than the search itself, so only candidate words are analyzed: those whose
    /// first letters are a query word's (<see cref="Key"/>: accents folded, œ and æ written out, doubled letters made
    /// single, as the light stemmer does, so that "attaque", indexed "ataqu", is a candidate), each distinct word once
    /// per search. A candidate is a match when the analyzer turns it into a query term or a word of a prefix. The text
    /// is not walked letter by letter: a vectorized search jumps from one letter that can begin a candidate to the next.
    /// </summary>
    private List<(int Start, int End)> Matches(ReadOnlySpan<char> text)
    {
        var matches = new List<(int, int)>();
        if (_probes.Length == 0) return matches;
        Span<char> key = stackalloc char[KeyLength];
        var looked = 0;
        for (var i = 0; i < text.Length && looked < MaxCandidates;)
        {
            var start = i;
            if (_firstLetters is not null)
            {
                var next = text[i..].IndexOfAny(_firstLetters);
                if (next < 0) break;
                start += next;
            }
            if (!char.IsLetterOrDigit(text[start]) || (start > 0 && char.IsLetterOrDigit(text[start - 1])))
            {
                i = start + 1;
                continue;
            }
            var end = start;
            var length = 0;
            var full = false;
            for (; end < text.Length && char.IsLetterOrDigit(text[end]); end++)
            {
                if (!full) full = !AppendFolded(key, ref length, text[end]);
            }
            i = end;
            if (!IsCandidate(key[..length])) continue;
            looked++;
            if (IsMatch(text[start..end])) matches.Add((start, end));
        }
        return matches;
    }

    private bool IsCandidate(ReadOnlySpan<char> word)
    {
        foreach (var probe in _probes)
        {
            if (word.StartsWith(probe, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private bool IsMatch(ReadOnlySpan<char> word)
    {
        if (_seenBySpan.TryGetValue(word, out var known)) return known;
        var text = word.ToString();
        var match = false;
        foreach (var term in AnalyzedWord(text))
        {
            if (_query.Terms.Contains(term) || StartsWithPrefix(term))
            {
                match = true;
                break;
            }
        }
        _seen[text] = match;
        return match;
    }

    /// <summary>Words analyzed at most this many per analyzer are remembered: a bound on memory whatever the bodies hold.</summary>
    private const int MaxAnalyzedWords = 50_000;

    // Analyzing a word is a pure function of the word (for one analyzer), and the same words come back from search to
    // search: analyzing them once spares most snippets the analyzer's token stream.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Analyzer, System.Collections.Concurrent.ConcurrentDictionary<string, string[]>> Analyzed = new();

    private string[] AnalyzedWord(string word)
    {
        var words = Analyzed.GetValue(_analyzer, _ => new(StringComparer.Ordinal));
        if (words.TryGetValue(word, out var terms)) return terms;
        terms = [.. ReaderQueryParser.Analyze(_analyzer, word)];
        if (words.Count < MaxAnalyzedWords) words.TryAdd(word, terms);
        return terms;
    }

    private bool StartsWithPrefix(string term)
    {
        if (_prefixes.Length == 0) return false;
        var single = ReaderQueryParser.SingleLetters(term);
        foreach (var prefix in _prefixes)
        {
            if (single.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static string Key(string word)
    {
        Span<char> key = stackalloc char[KeyLength];
        var length = 0;
        foreach (var c in word)
        {
            if (!AppendFolded(key, ref length, c)) break;
        }
        return key[..length].ToString();
    }

    /// <summary>
    /// Adds a letter of a word to its comparison form (lower case, no accent, œ and æ written out, a doubled letter
    /// once); false when the key is full.
    /// </summary>
    private static bool AppendFolded(Span<char> key, ref int length, char c)
    {
        var folded = Fold(c);
        var (first, second) = folded switch { 'œ' => ('o', 'e'), 'æ' => ('a', 'e'), _ => (folded, '\0') };
        return Append(key, ref length, first) && (second == '\0' || Append(key, ref length, second));
    }

    // A doubled letter is written once; false when the key is full.
    private static bool Append(Span<char> key, ref int length, char letter)
    {
        if (length > 0 && key[length - 1] == letter) return true;
        if (length == KeyLength) return false;
        key[length++] = letter;
        return true;
    }

    // Lower case without accents (œ and æ stay: see AppendFolded).
    private static char Fold(char c)
    {
        c = char.ToLowerInvariant(c);
        return c < 128 ? c : FoldAccent(c);
    }

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

    // Below this every character's folded first letter is in FirstLetterOf; above it only a few lower-case into that range.
    private const char Folding = '\u0250';

    private static readonly char[] FirstLetterOf = Enumerable.Range(0, Folding).Select(c => FirstLetter((char)c)).ToArray();

    // The characters above Folding that lower-case into it (the Kelvin and Ångström signs).
    private static readonly char[] Outliers = Enumerable.Range(Folding, char.MaxValue - Folding + 1)
        .Select(c => (char)c).Where(c => char.ToLowerInvariant(c) < Folding).ToArray();

    private static char FirstLetter(char c)
    {
        Span<char> key = stackalloc char[KeyLength];
        var length = 0;
        AppendFolded(key, ref length, c);
        return length == 0 ? '\0' : key[0];
    }

    /// <summary>
    /// Every character a candidate word can begin with: those whose folded form begins like a probe. Null (every word
    /// is looked at) when a probe begins with a letter outside the Latin alphabets, whose capitals are not worked out here.
    /// </summary>
    private static SearchValues<char>? FirstLetters(string[] probes)
    {
        if (probes.Length == 0 || probes.Any(p => p[0] >= Folding)) return null;
        // Worked out once per set of first letters: building the search values cost as much as a snippet.
        var firsts = new string(probes.Select(p => p[0]).Distinct().Order().ToArray());
        if (FirstLettersBySet.TryGetValue(firsts, out var known)) return known;
        var made = MakeFirstLetters(firsts);
        if (FirstLettersBySet.Count < MaxFirstLetterSets) FirstLettersBySet.TryAdd(firsts, made);
        return made;
    }

    private const int MaxFirstLetterSets = 1024;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SearchValues<char>> FirstLettersBySet = new(StringComparer.Ordinal);

    private static SearchValues<char> MakeFirstLetters(string firsts)
    {
        var letters = Enumerable.Range(0, Folding).Select(c => (char)c).Where(c => firsts.Contains(FirstLetterOf[c]))
            .Concat(Outliers.Where(c => firsts.Contains(FirstLetterOf[char.ToLowerInvariant(c)])));
        return SearchValues.Create(letters.ToArray());
    }

    /// <summary>The window holding the most matches, starting a little before its first one.</summary>
    private static (int Start, int End) Window(ReadOnlySpan<char> body, List<(int Start, int End)> matches)
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

    private static int WordStart(ReadOnlySpan<char> body, int index)
    {
        if (index == 0) return 0;
        var space = body[..Math.Min(index + 1, body.Length)].LastIndexOf(' ');
        return space < 0 ? 0 : space + 1;
    }

    private static int WordEnd(ReadOnlySpan<char> body, int index)
    {
        if (index >= body.Length) return body.Length;
        var space = body[index..].IndexOf(' ');
        return space < 0 || space > 20 ? index : index + space;
    }
}
