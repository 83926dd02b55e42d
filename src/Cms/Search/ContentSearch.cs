using System.Collections.Concurrent;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Parts.Taxonomy;
using Cms.Security;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Microsoft.Extensions.Options;

namespace Cms.Search;

/// <summary>
/// Answers <see cref="SearchRequest"/>s from this node's indexes. Published indexes are for everyone; an index of latest
/// versions needs a signed-in user, and shows an author only his own items (PreviewContent sees all).
/// Category slugs and names come from the taxonomy at query time, so a renamed category shows its new name at once.
/// Everything it uses is held in memory (indexes, definitions, the taxonomy), so it is one instance for the host.
/// </summary>
public sealed class ContentSearch(SearchIndexer indexer, ContentDefinitionStore definitions, TaxonomyCache taxonomies, IOptions<SearchOptions> searchOptions,
    IOptions<CmsOptions> cmsOptions) : IContentSearch
{
    /// <summary>Deepest result a reader can page to (page × pageSize).</summary>
    public const int MaxDepth = 10_000;

    private readonly SemaphoreSlim _turns = new(Turns(searchOptions.Value));

    /// <summary>Parsed questions remembered, at most (emptied when full): a bound on memory whatever readers type.</summary>
    public const int MaxParsed = 4096;

    // What the parser made of a question, by analyzer and text: parsing allocated about a tenth of a search, and readers
    // ask the same questions over and over. Lucene's queries are not changed by searching them, so one serves all threads.
    private readonly ConcurrentDictionary<(Analyzer Analyzer, string Text), ParsedQuery> _parsed = new();

    private static int Turns(SearchOptions options) => options.MaxConcurrentSearches > 0 ? options.MaxConcurrentSearches : Environment.ProcessorCount;

    public async Task<Outcome<SearchResults>> SearchAsync(SearchRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        var text = request.Query?.Trim() ?? "";
        if (text.Length == 0) return Invalid("q", "q is required: the words to search for.");
        if (text.Length > searchOptions.Value.MaxQueryLength) return Invalid("q", $"q is longer than {searchOptions.Value.MaxQueryLength} characters.");
        var maxPageSize = cmsOptions.Value.Api.MaxPageSize;
        if (request.PageSize < 1 || request.PageSize > maxPageSize) return Invalid("pageSize", $"pageSize is a whole number from 1 to {maxPageSize}.");
        if (request.Page < 1) return Invalid("page", "page is a whole number from 1.");
        if ((long)request.Page * request.PageSize > MaxDepth) return Invalid("page", $"Results are served to a depth of {MaxDepth}; refine the query.");

        var index = indexer.Find(request.Index);
        if (index is null) return Invalid("index", $"There is no search index '{request.Index}'.");
        var access = AccessFilter(index.Definition, actor);
        if (!access.Succeeded) return access.Refusal!;

        var parsed = Parse(text, index.Analyzer);
        if (!parsed.Succeeded) return parsed.Refusal!;

        var taxonomy = definitions.Current.TaxonomyInRole(FieldRoles.Category) is { } taxonomyId ? await taxonomies.GetAsync(taxonomyId) : null;
        string? categoryId = null;
        if (!string.IsNullOrEmpty(request.Category))
        {
            categoryId = (taxonomy?.FindBySlug(request.Category) ?? taxonomy?.FindTerm(request.Category))?.ContentItemId;
            if (categoryId is null) return Invalid("category", $"There is no category '{request.Category}'.");
        }

        var query = WithFilters(parsed.Value!.Query, access.Value!);
        await _turns.WaitAsync(cancellationToken);
        try
        {
            return Answer(index, query, parsed.Value, categoryId, request, taxonomy);
        }
        finally
        {
            _turns.Release();
        }
    }

    private Outcome<ParsedQuery> Parse(string text, Analyzer analyzer)
    {
        if (_parsed.TryGetValue((analyzer, text), out var known)) return known;
        var parsed = ReaderQueryParser.Parse(text, analyzer);
        if (!parsed.Succeeded) return parsed;
        if (_parsed.Count >= MaxParsed) _parsed.Clear();
        _parsed.TryAdd((analyzer, text), parsed.Value!);
        return parsed;
    }

    private static SearchResults Answer(SearchIndex index, Query query, ParsedQuery parsed, string? categoryId, SearchRequest request, Taxonomy? taxonomy)
    {
        var snippets = new Snippets(index.Analyzer, parsed);
        var found = index.Search(searcher => Run(searcher, query, categoryId, request, snippets));
        if (found is null) return new SearchResults(0, [], []);
        var hits = new List<SearchHit>(found.Hits.Count);
        foreach (var hit in found.Hits) hits.Add(ToHit(hit, taxonomy));
        var facets = found.Facets
            .Select(f => (Term: taxonomy?.FindTerm(f.Key), f.Value))
            .Where(f => f.Term is not null)
            .OrderByDescending(f => f.Value).ThenBy(f => f.Term!.Name, StringComparer.CurrentCulture)
            .Select(f => new CategoryFacet(f.Term!.Slug, f.Term.Name, f.Value)).ToList();
        return new SearchResults(found.Total, hits, facets);
    }

    /// <summary>
    /// The term filters that keep the actor to what he may see in this index. A published index holds nothing but
    /// published versions (see <see cref="SearchIndexer.Selected"/>): everyone may see all of it, with no filter to
    /// intersect. An index of latest versions follows <see cref="ContentAccess.CanPreview"/>: those who may preview
    /// content see everything, an author (who may edit his own) only his own items, anyone else nothing.
    /// </summary>
    public static Outcome<IReadOnlyList<(string Field, string Value)>> AccessFilter(SearchIndexDefinition definition, Actor actor)
    {
        if (!definition.IndexLatest) return new List<(string, string)>();
        if (!actor.IsAuthenticated) return Refusal.Unauthenticated();
        if (actor.Has(Permissions.PreviewContent)) return new List<(string, string)>();
        if (actor.Has(Permissions.EditOwnContent) && actor.UserId is { } self) return new List<(string, string)> { (SearchDocuments.Owner, self) };
        return Refusal.Forbidden($"Searching '{definition.Name}' needs the {Permissions.PreviewContent} or the {Permissions.EditOwnContent} permission.");
    }

    public static Query Filter(string field, string value) => new ConstantScoreQuery(new TermQuery(new Term(field, value))) { Boost = 0 };

    /// <summary><paramref name="query"/> restricted by term filters (<see cref="AccessFilter"/>'s); itself when there is none.</summary>
    public static Query WithFilters(Query query, IReadOnlyList<(string Field, string Value)> filters)
    {
        if (filters.Count == 0) return query;
        var filtered = new BooleanQuery { { query, Occur.MUST } };
        foreach (var (field, value) in filters) filtered.Add(Filter(field, value), Occur.MUST);
        return filtered;
    }

    private sealed record PageHit(IndexedItem Article, string Snippet);

    private sealed record Found(int Total, IReadOnlyList<PageHit> Hits, IReadOnlyDictionary<string, int> Facets);

    /// <summary>
    /// One pass over the matches: every one is counted for the facets (which describe the whole answer, whatever
    /// category is chosen, so that a reader can switch to another), and those of the chosen category are ranked.
    /// </summary>
    private static Found Run(IndexSearcher searcher, Query query, string? categoryId, SearchRequest request, Snippets snippets)
    {
        var wanted = request.Page * request.PageSize;
        ITopDocsCollector top = request.Sort == SearchSort.Date
            ? TopFieldCollector.Create(new Sort(new SortField(SearchDocuments.SortDate, SortFieldType.INT64, true)), wanted, false, false, false, false)
            : TopScoreDocCollector.Create(wanted, true);
        var counter = new CategoryCounter((ICollector)top, categoryId);
        searcher.Search(searcher is NewsSearcher news ? news.WithKnownTerms(query) : query, counter);
        var docs = top.GetTopDocs(wanted - request.PageSize, request.PageSize);
        var reader = searcher.IndexReader;
        var hits = new List<PageHit>(docs.ScoreDocs.Length);
        char[] body = [];
        try
        {
            foreach (var doc in docs.ScoreDocs)
            {
                var article = SearchDocuments.Read(reader, doc.Doc);
                hits.Add(new PageHit(article, snippets.Build(SearchDocuments.ReadBody(reader, doc.Doc, ref body), article.Standfirst)));
            }
        }
        finally
        {
            if (body.Length > 0) System.Buffers.ArrayPool<char>.Shared.Return(body);
        }
        return new Found(docs.TotalHits, hits, counter.Counts);
    }

    private static SearchHit ToHit(PageHit hit, Taxonomy? taxonomy)
    {
        var article = hit.Article;
        var term = article.CategoryId is null ? null : taxonomy?.FindTerm(article.CategoryId);
        return new SearchHit(article.ContentItemId, article.Title, article.Path, article.PublishedUtc, term?.Slug, term?.Name, hit.Snippet);
    }

    private static Refusal Invalid(string field, string message) =>
        Refusal.Invalid(message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>
    /// Counts matching documents per category term, from the doc values (no stored field is read), and hands the
    /// documents of the chosen category, or all of them when none is chosen, to the collector that ranks them.
    /// </summary>
    private sealed class CategoryCounter(ICollector ranked, string? onlyCategory) : ICollector
    {
        // Per segment (immutable, so cached by its core key): each document's single category ordinal, -1 for none, -2 for several.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, int[]> SingleOrds = new();

        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private SortedSetDocValues? _values;
        private int[] _ords = [];
        private int[] _segment = [];
        private long _only = -1;

        public IReadOnlyDictionary<string, int> Counts
        {
            get
            {
                Flush();
                return _counts;
            }
        }

        public bool AcceptsDocsOutOfOrder => ranked.AcceptsDocsOutOfOrder;

        public void SetScorer(Scorer scorer) => ranked.SetScorer(scorer);

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            ranked.SetNextReader(context);
            var reader = context.AtomicReader;
            _values = reader.GetSortedSetDocValues(SearchDocuments.Category);
            _segment = _values is null ? [] : new int[_values.ValueCount];
            _ords = _values is null ? [] : SingleOrds.GetValue(reader.CoreCacheKey, _ => ReadOrds(reader));
            // The chosen category's ordinal in this segment; -1 when none of its documents is in it.
            _only = onlyCategory is null || _values is null ? -1 : _values.LookupTerm(new BytesRef(onlyCategory));
        }

        public void Collect(int doc)
        {
            if (_values is null)
            {
                if (onlyCategory is null) ranked.Collect(doc);
                return;
            }
            var single = _ords[doc];
            var chosen = onlyCategory is null;
            if (single >= 0)
            {
                _segment[single]++;
                chosen |= single == _only;
            }
            else if (single == -2)
            {
                _values.SetDocument(doc);
                long ord;
                while ((ord = _values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                {
                    _segment[ord]++;
                    chosen |= ord == _only;
                }
            }
            if (chosen) ranked.Collect(doc);
        }

        private static int[] ReadOrds(AtomicReader reader)
        {
            var values = reader.GetSortedSetDocValues(SearchDocuments.Category)!;
            var ords = new int[reader.MaxDoc];
            for (var doc = 0; doc < ords.Length; doc++)
            {
                values.SetDocument(doc);
                var first = values.NextOrd();
                ords[doc] = first == SortedSetDocValues.NO_MORE_ORDS ? -1 : values.NextOrd() == SortedSetDocValues.NO_MORE_ORDS ? (int)first : -2;
            }
            return ords;
        }

        private void Flush()
        {
            if (_values is null) return;
            var term = new BytesRef();
            for (var ord = 0; ord < _segment.Length; ord++)
            {
                if (_segment[ord] == 0) continue;
                _values.LookupOrd(ord, term);
                var key = term.Utf8ToString();
                _counts[key] = _counts.GetValueOrDefault(key) + _segment[ord];
            }
            _values = null;
            _segment = [];
        }
    }
}
