using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Cms.Search;

/// <summary>
/// An index searcher that remembers, for as long as its reader is open, what cannot change while it is: a field's
/// collection statistics and where a term is in each segment. Lucene's own works both out again for every query: it
/// merges every segment's terms to read four numbers, and walks each segment's term dictionary for each query term,
/// which together were most of what a search allocated once the results' bodies were read into a pooled buffer.
/// A searcher lives from one refresh of the index to the next, so what it remembers is never stale.
/// </summary>
public sealed class NewsSearcher(IndexReader reader) : IndexSearcher(reader)
{
    /// <summary>Terms remembered per searcher, at most: a bound on memory whatever readers type.</summary>
    public const int MaxTerms = 8192;

    private readonly ConcurrentDictionary<string, CollectionStatistics> _statistics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Term, TermContext> _terms = new();

    public override CollectionStatistics CollectionStatistics(string field) =>
        _statistics.TryGetValue(field, out var known) ? known : _statistics.GetOrAdd(field, base.CollectionStatistics(field));

    /// <summary>
    /// <paramref name="query"/> with each of its term queries given the term's place in every segment, looked up once
    /// per searcher (phrases and prefixes look their terms up themselves). A term query handed a context built for
    /// this searcher's reader uses it instead of walking the dictionaries again (<see cref="TermQuery.CreateWeight"/>).
    /// </summary>
    public Query WithKnownTerms(Query query) => query switch
    {
        TermQuery term => new TermQuery(term.Term, ContextOf(term.Term)) { Boost = term.Boost },
        BooleanQuery boolean => Rebuilt(boolean),
        ConstantScoreQuery { Query: { } inner } constant => new ConstantScoreQuery(WithKnownTerms(inner)) { Boost = constant.Boost },
        _ => query,
    };

    private BooleanQuery Rebuilt(BooleanQuery boolean)
    {
        var copy = new BooleanQuery(boolean.CoordDisabled) { Boost = boolean.Boost, MinimumNumberShouldMatch = boolean.MinimumNumberShouldMatch };
        foreach (var clause in boolean.Clauses) copy.Add(WithKnownTerms(clause.Query), clause.Occur);
        return copy;
    }

    private TermContext ContextOf(Term term)
    {
        if (_terms.TryGetValue(term, out var known)) return known;
        var built = TermContext.Build(TopReaderContext, term);
        if (_terms.Count < MaxTerms) _terms.TryAdd(term, built);
        return built;
    }

    /// <summary>Makes the <see cref="SearcherManager"/> of a generation hand out <see cref="NewsSearcher"/>s.</summary>
    public sealed class Factory : SearcherFactory
    {
        public static readonly Factory Instance = new();

        public override IndexSearcher NewSearcher(IndexReader reader) => new NewsSearcher(reader);
    }
}
