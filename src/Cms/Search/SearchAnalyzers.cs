using Lucene.Net.Analysis;
using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
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
        _ => new StandardAnalyzer(Version),
    };
}

/// <summary>
/// French for readers who type fast: elision (l', qu', jusqu'…, with ' or ’), lower case, French stop words, accents
/// folded ("coreen" finds "coréens"), then a light stemmer (plurals and common endings: "soldat" finds "soldats").
/// </summary>
public sealed class FrenchNewsAnalyzer : Analyzer
{
    private static readonly CharArraySet Elisions = new(SearchAnalyzers.Version,
        ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"], ignoreCase: true);

    private static readonly NormalizeCharMap Apostrophes = BuildApostrophes();

    protected override TextReader InitReader(string fieldName, TextReader reader) => new MappingCharFilter(Apostrophes, reader);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(SearchAnalyzers.Version, reader);
        TokenStream result = new ElisionFilter(source, Elisions);
        result = new LowerCaseFilter(SearchAnalyzers.Version, result);
        result = new StopFilter(SearchAnalyzers.Version, result, FrenchAnalyzer.DefaultStopSet);
        result = new ASCIIFoldingFilter(result);
        result = new FrenchLightStemFilter(result);
        return new TokenStreamComponents(source, result);
    }

    // The typographic apostrophe (and its look-alikes) becomes the one the elision filter knows; same length, so offsets stay right.
    private static NormalizeCharMap BuildApostrophes()
    {
        var builder = new NormalizeCharMap.Builder();
        builder.Add("\u2019", "'");
        builder.Add("\u02BC", "'");
        builder.Add("\u2018", "'");
        return builder.Build();
    }
}

/// <summary>English: possessives dropped, lower case, English stop words, accents folded, Porter stemming.</summary>
public sealed class EnglishNewsAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(SearchAnalyzers.Version, reader);
        TokenStream result = new EnglishPossessiveFilter(SearchAnalyzers.Version, source);
        result = new LowerCaseFilter(SearchAnalyzers.Version, result);
        result = new StopFilter(SearchAnalyzers.Version, result, EnglishAnalyzer.DefaultStopSet);
        result = new ASCIIFoldingFilter(result);
        result = new PorterStemFilter(result);
        return new TokenStreamComponents(source, result);
    }
}
