using Cms.Content;
using Cms.Content.Definitions;
using Cms.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Cms.Tests.Search;

/// <summary>
/// The title's copies are analyzed once and replayed through one stream per thread: documents built and added on
/// several threads at once each index their own title, in the title field and as many times as it is copied into the
/// full text, never a title of another document.
/// </summary>
public sealed class SearchDocumentsTests
{
    private const int Count = 2_000;

    // A long title: each replay takes a while, as another thread's replays do.
    private static string TitleOf(int i) => $"Dépêche mot{i} " + string.Join(' ', Enumerable.Range(0, 60).Select(w => $"suite{i}x{w}"));

    private static ContentItem Item(int i) => ContentItemJson.Parse($$"""
        {
          "ContentItemId": "article{{i}}", "ContentItemVersionId": "version{{i}}", "ContentType": "Article",
          "DisplayText": "{{TitleOf(i)}}", "Latest": true, "Published": true, "Owner": "auteur", "Author": "auteur",
          "HtmlBodyPart": { "Html": "<p>Le corps de la dépêche numéro {{i}}, sans son titre.</p>" }
        }
        """);

    [Fact]
    public void Documents_built_on_several_threads_index_their_own_title_in_every_copy()
    {
        NewsCodec.Register();
        var analyzer = SearchAnalyzers.Create(SearchAnalyzers.Standard);
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.Version, analyzer) { Codec = new NewsCodec() }))
        {
            // Each thread builds and adds its documents one after another, as the indexer's rebuild does.
            Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = 4 },
                i => writer.AddDocument(SearchDocuments.Build(Item(i), ContentDefinitionSet.Empty, analyzer)));
            writer.Commit();
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        Assert.Equal(Count, reader.NumDocs);
        for (var i = 0; i < Count; i++)
        {
            var word = $"mot{i}";
            var title = searcher.Search(new TermQuery(new Term(SearchDocuments.Title, word)), 2);
            Assert.Equal(1, title.TotalHits);
            Assert.Equal($"article{i}", SearchDocuments.ReadId(reader, title.ScoreDocs[0].Doc));

            var positions = MultiFields.GetTermPositionsEnum(reader, MultiFields.GetLiveDocs(reader), SearchDocuments.FullText, new BytesRef(word));
            Assert.NotNull(positions);
            Assert.Equal(title.ScoreDocs[0].Doc, positions.NextDoc());
            Assert.Equal(SearchDocuments.TitleCopies, positions.Freq);
            Assert.Equal(DocIdSetIterator.NO_MORE_DOCS, positions.NextDoc());
        }
    }
}
