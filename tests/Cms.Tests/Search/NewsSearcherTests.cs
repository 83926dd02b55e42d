using Cms.Search;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace Cms.Tests.Search;

/// <summary>
/// The searcher that remembers term lookups and statistics per reader must rank exactly as Lucene's own does, on
/// every call, over several segments, and a searcher of a later reader must see the documents added since.
/// </summary>
public sealed class NewsSearcherTests
{
    private static readonly string[] Texts =
    [
        "soldats au front de Koursk", "le gouvernement et les soldats", "budget du gouvernement", "soldats soldats renforts",
        "une note sans rapport", "Koursk sous la neige", "les soldats rentrent", "le budget voté",
    ];

    [Fact]
    public void Ranks_term_and_filtered_queries_as_lucene_does_call_after_call()
    {
        using var directory = new RAMDirectory();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.Version, new WhitespaceAnalyzer(SearchAnalyzers.Version)));
        for (var i = 0; i < Texts.Length; i++)
        {
            writer.AddDocument(new Document { new TextField("text", Texts[i], Field.Store.NO), new StringField("kind", i % 2 == 0 ? "a" : "b", Field.Store.NO) });
            if (i % 3 == 2) writer.Commit(); // several segments, as an index updated article by article has
        }
        writer.Commit();
        using var reader = DirectoryReader.Open(directory);
        Assert.True(reader.Leaves.Count > 1);
        var lucene = new IndexSearcher(reader);
        var news = new NewsSearcher(reader);

        Query[] queries =
        [
            new TermQuery(new Term("text", "soldats")),
            new BooleanQuery { { new TermQuery(new Term("text", "soldats")), Occur.MUST }, { new TermQuery(new Term("text", "gouvernement")), Occur.SHOULD } },
            ContentSearch.WithFilters(new TermQuery(new Term("text", "soldats")), [("kind", "a")]),
            new TermQuery(new Term("text", "absent")),
        ];
        foreach (var query in queries)
        {
            var expected = lucene.Search(query, 10);
            for (var call = 0; call < 3; call++)
            {
                var found = news.Search(news.WithKnownTerms(query), 10);
                Assert.Equal(expected.TotalHits, found.TotalHits);
                Assert.Equal(expected.ScoreDocs.Select(d => (d.Doc, d.Score)), found.ScoreDocs.Select(d => (d.Doc, d.Score)));
            }
        }
        Assert.Equal(4, news.Search(news.WithKnownTerms(queries[0]), 10).TotalHits);

        // A document added later is found by a searcher of the new reader, not by the old one's remembered lookups.
        writer.AddDocument(new Document { new TextField("text", "soldats encore", Field.Store.NO), new StringField("kind", "a", Field.Store.NO) });
        writer.Commit();
        using var later = DirectoryReader.OpenIfChanged(reader)!;
        var newer = new NewsSearcher(later);
        Assert.Equal(5, newer.Search(newer.WithKnownTerms(queries[0]), 10).TotalHits);
        Assert.Equal(4, news.Search(news.WithKnownTerms(queries[0]), 10).TotalHits);
    }
}
