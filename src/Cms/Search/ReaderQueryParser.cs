using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cms.Content;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;

namespace Cms.Search;

/// <summary>A reader's question as Lucene understands it, and the analyzed words and prefixes to mark in snippets.</summary>
public sealed record ParsedQuery(Query Query, IReadOnlySet<string> Terms, IReadOnlyList<string> Prefixes);

/// <summary>
/// Lucene's classic syntax over the full text (title, standfirst and body; all words required, quotes for phrases, <c>kour*</c> for a prefix,
/// <c>-mot</c> to exclude). Field syntax is not offered to readers. A query the syntax rejects (an unbalanced quote, a lone
/// <c>AND</c>) is searched again as its plain words; one with no word left is refused, naming <c>q</c>.
/// </summary>
public static partial class ReaderQueryParser
{
    public static Outcome<ParsedQuery> Parse(string text, Analyzer analyzer)
    {
        var cleaned = text.Replace('\u2019', '\'').Replace(':', ' ');
        var query = TryParse(cleaned, analyzer) ?? TryParse(string.Join(' ', Words().Matches(cleaned).Select(m => m.Value)), analyzer);
        if (query is null || query is BooleanQuery { Clauses.Count: 0 })
        {
            return Refusal.Invalid("q has no word to search for (only stop words, operators or wildcards).",
                new Dictionary<string, string[]> { ["q"] = ["No word to search for."] });
        }
        var prefixes = new List<string>();
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match word in Words().Matches(cleaned))
        {
            var end = word.Index + word.Length;
            if (end < cleaned.Length && cleaned[end] == '*') prefixes.Add(NormalizePrefix(word.Value));
            // A prefix's word is marked as a word too (see GetPrefixQuery).
            foreach (var term in Analyze(analyzer, word.Value)) terms.Add(term);
        }
        return new ParsedQuery(query, terms, prefixes);
    }

    /// <summary>Lower case, no accents, no elided article: the form indexed words start with.</summary>
    public static string NormalizePrefix(string prefix)
    {
        var apostrophe = prefix.LastIndexOf('\'');
        if (apostrophe >= 0 && apostrophe < prefix.Length - 1) prefix = prefix[(apostrophe + 1)..];
        var decomposed = prefix.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(c);
        }
        return folded.ToString().Normalize(NormalizationForm.FormC).Replace("œ", "oe").Replace("æ", "ae");
    }

    /// <summary>
    /// The word with doubled letters made single ("attaq" → "ataq"), as the French light stemmer writes every word of
    /// more than four letters: the form a typed prefix must have to meet the indexed words.
    /// </summary>
    public static string SingleLetters(string word)
    {
        if (word.Length < 2) return word;
        var single = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (single.Length == 0 || single[^1] != c || !char.IsLetter(c)) single.Append(c);
        }
        return single.Length == word.Length ? word : single.ToString();
    }

    public static IEnumerable<string> Analyze(Analyzer analyzer, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(SearchDocuments.Body, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }

    private static Query? TryParse(string text, Analyzer analyzer)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parser = new Parser(analyzer) { DefaultOperator = Operator.AND, AllowLeadingWildcard = false };
        try
        {
            return parser.Parse(text);
        }
        catch (ParseException)
        {
            return null;
        }
        catch (BooleanQuery.TooManyClausesException)
        {
            return null;
        }
    }

    // Words as readers write them: letters and digits, with inner apostrophes (l'Ukraine) and hyphens (nord-coréens).
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['\-][\p{L}\p{N}]+)*")]
    private static partial Regex Words();

    /// <summary>The full text, where the title and the standfirst weigh more than the body (see <see cref="SearchDocuments"/>).</summary>
    private sealed class Parser(Analyzer analyzer) : QueryParser(SearchAnalyzers.Version, SearchDocuments.FullText, analyzer)
    {
        // Prefixes are not analyzed by the classic parser: fold them the way the analyzer folds indexed words. A prefix
        // with doubled letters is also looked for with single ones: "attaq" must find "attaque", indexed "ataqu".
        // A whole word before the star is also looked for as the analyzer writes it, when the prefixes do not already
        // cover it: "attaque*" finds "ataqu". Most prefixes ("gouv*") stay one prefix query, the cheapest to match.
        protected override Query GetPrefixQuery(string field, string termStr)
        {
            var prefix = NormalizePrefix(termStr);
            var single = SingleLetters(prefix);
            var any = new BooleanQuery { { base.GetPrefixQuery(field, prefix), Occur.SHOULD } };
            if (single != prefix) any.Add(base.GetPrefixQuery(field, single), Occur.SHOULD);
            if (Analyze(Analyzer, termStr).ToList() is [var word] && !word.StartsWith(single, StringComparison.Ordinal) && !word.StartsWith(prefix, StringComparison.Ordinal))
            {
                any.Add(new TermQuery(new Term(field, word)), Occur.SHOULD);
            }
            return any.Clauses.Count == 1 ? any.Clauses[0].Query : any;
        }

        protected override Query GetWildcardQuery(string field, string termStr) => base.GetWildcardQuery(field, NormalizePrefix(termStr));
    }
}
