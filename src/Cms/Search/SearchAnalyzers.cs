using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Cms.Search;

/// <summary>The analyzers an index definition may name.</summary>
public static class SearchAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;
    public const string Standard = "standardanalyzer";
    public const string French = "frenchanalyzer";
    public const string English = "englishanalyzer";

    public static IReadOnlyList<string> Names { get; } = [Standard, French, English];

    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    public static Analyzer Create(string name) => name.ToLowerInvariant() switch
    {
        French => new FrenchNewsAnalyzer(),
        English => new EnglishNewsAnalyzer(),
        _ => new StandardNewsAnalyzer(),
    };

    /// <summary>Positions left between two values of one field (the title's copies in the full text, say), so that no phrase spans them.</summary>
    public const int ValueGap = 100;
}

/// <summary>
/// French for readers who type fast: lower case and one apostrophe (', ’, ʼ and ‘ are the same), elision (l', qu',
/// jusqu'…), French stop words, accents folded ("coreen" finds "coréens"), then a light stemmer (plurals and common
/// endings: "soldat" finds "soldats"). Several values of one field are kept apart (a phrase never spans two).
/// </summary>
public sealed class FrenchNewsAnalyzer : Analyzer
{
    private static readonly CharArraySet Elisions = new(SearchAnalyzers.Version,
        ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"], ignoreCase: false);

    private static readonly StopWords French = new(FrenchAnalyzer.DefaultStopSet);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(SearchAnalyzers.Version, reader);
        TokenStream result = new LowerCaseApostropheFilter(source);
        result = new ElisionFilter(result, Elisions);
        result = new StopWordFilter(result, French);
        result = new ASCIIFoldingFilter(result);
        result = new FrenchLightStemFilter(result);
        return new TokenStreamComponents(source, result);
    }

    public override int GetPositionIncrementGap(string fieldName) => SearchAnalyzers.ValueGap;
}

/// <summary>English: possessives dropped, lower case, English stop words, accents folded, Porter stemming.</summary>
public sealed class EnglishNewsAnalyzer : Analyzer
{
    private static readonly StopWords English = new(EnglishAnalyzer.DefaultStopSet);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(SearchAnalyzers.Version, reader);
        TokenStream result = new LowerCaseApostropheFilter(source);
        result = new EnglishPossessiveFilter(SearchAnalyzers.Version, result);
        result = new StopWordFilter(result, English);
        result = new ASCIIFoldingFilter(result);
        result = new PorterStemFilter(result);
        return new TokenStreamComponents(source, result);
    }

    public override int GetPositionIncrementGap(string fieldName) => SearchAnalyzers.ValueGap;
}

/// <summary>Lucene's standard analysis (lower case, English stop words), with the values of a field kept apart.</summary>
public sealed class StandardNewsAnalyzer : Analyzer
{
    private static readonly StopWords English = new(StandardAnalyzer.STOP_WORDS_SET);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(SearchAnalyzers.Version, reader);
        TokenStream result = new StandardFilter(SearchAnalyzers.Version, source);
        result = new LowerCaseApostropheFilter(result);
        result = new StopWordFilter(result, English);
        return new TokenStreamComponents(source, result);
    }

    public override int GetPositionIncrementGap(string fieldName) => SearchAnalyzers.ValueGap;
}

/// <summary>Stop words, looked up by the token's characters (Lucene's CharArraySet went through the culture's casing per character).</summary>
public sealed class StopWords(IEnumerable<string> words)
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup =
        new HashSet<string>(words.Select(w => w.ToLowerInvariant()), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    public bool Contains(ReadOnlySpan<char> token) => _lookup.Contains(token);
}

/// <summary>Drops stop words (the tokens must be in lower case already), leaving their positions empty.</summary>
public sealed class StopWordFilter : FilteringTokenFilter
{
    private readonly StopWords _words;
    private readonly ICharTermAttribute _term;

    public StopWordFilter(TokenStream input, StopWords words) : base(SearchAnalyzers.Version, input)
    {
        _words = words;
        _term = AddAttribute<ICharTermAttribute>();
    }

    protected override bool Accept() => !_words.Contains(_term.Buffer.AsSpan(0, _term.Length));
}

/// <summary>
/// Lower case, and the typographic apostrophes turned into the plain one, in one pass over each token. Lucene's
/// LowerCaseFilter goes through the culture's casing for every token, which made it a fifth of the analysis time.
/// </summary>
public sealed class LowerCaseApostropheFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;

    public LowerCaseApostropheFilter(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        var buffer = _term.Buffer;
        var length = _term.Length;
        for (var i = 0; i < length; i++)
        {
            var c = buffer[i];
            if (c < 128)
            {
                if (c is >= 'A' and <= 'Z') buffer[i] = (char)(c + 32);
            }
            else if (c is '\u2019' or '\u02BC' or '\u2018')
            {
                buffer[i] = '\'';
            }
            else
            {
                buffer[i] = char.ToLowerInvariant(c);
            }
        }
        return true;
    }
}
