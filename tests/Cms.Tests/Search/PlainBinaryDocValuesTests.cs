using System.Text;
using Cms.Search;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Cms.Tests.Search;

/// <summary>
/// The doc values a results page reads, in the CMS's own format: the same values back after flushes, deletions and
/// merges, read into a reused buffer or as text, in files Lucene's own check finds sound.
/// </summary>
public sealed class PlainBinaryDocValuesTests : IDisposable
{
    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("cms-plain-binary-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_folder, recursive: true);

    private static string TitleOf(int i) => i % 7 == 0 ? "" : $"Titre n° {i} : « l’été à Koursk » {new string('é', i % 50)}";

    // One body longer than the buffer a merge copies values through (64 KiB).
    private static string BodyOf(int i) => string.Concat(Enumerable.Repeat($"Paragraphe {i}, déjà lu. ", i == 61 ? 5_000 : 1 + i % 200));

    [Fact]
    public void Values_come_back_after_flushes_deletions_and_a_merge_in_files_lucene_checks_sound()
    {
        NewsCodec.Register();
        using (var directory = FSDirectory.Open(_folder))
        {
            WriteAndMerge(directory);
        }

        using (var directory = FSDirectory.Open(_folder))
        {
            using var merged = DirectoryReader.Open(directory);
            Assert.Single(merged.Leaves);
            AssertValues(merged);
            Assert.Contains(System.IO.Directory.GetFiles(_folder), f => f.EndsWith(".cpbd", StringComparison.Ordinal));
            var check = new CheckIndex(directory).DoCheckIndex();
            Assert.True(check.Clean);
        }
    }

    [Fact]
    public void An_index_in_memory_merges_its_values_through_lucene_s_own_reads()
    {
        NewsCodec.Register();
        using var directory = new RAMDirectory();
        WriteAndMerge(directory);
        using var merged = DirectoryReader.Open(directory);
        Assert.Single(merged.Leaves);
        AssertValues(merged);
        Assert.True(new CheckIndex(directory).DoCheckIndex().Clean);
    }

    private static void WriteAndMerge(Lucene.Net.Store.Directory directory)
    {
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.Version, new WhitespaceAnalyzer(SearchAnalyzers.Version)) { Codec = new NewsCodec() }))
        {
            for (var i = 0; i < 120; i++)
            {
                var document = new Document
                {
                    new StringField(SearchDocuments.Id, $"item-{i}", Field.Store.NO),
                    new BinaryDocValuesField(SearchDocuments.Id, new BytesRef($"item-{i}")),
                    new BinaryDocValuesField(SearchDocuments.DisplayText, new BytesRef(TitleOf(i))),
                };
                // Some documents have no body at all: they read as empty.
                if (i % 5 != 0) document.Add(new BinaryDocValuesField(SearchDocuments.Body, new BytesRef(BodyOf(i))));
                writer.AddDocument(document);
                if (i % 25 == 24) writer.Commit(); // several segments, then merged below
            }
            writer.DeleteDocuments(new Term(SearchDocuments.Id, "item-3"));
            writer.Commit();
            using (var before = DirectoryReader.Open(directory))
            {
                Assert.True(before.Leaves.Count > 1);
                AssertValues(before);
            }
            writer.ForceMerge(1);
            writer.Commit();
        }
    }

    private static void AssertValues(DirectoryReader reader)
    {
        var seen = 0;
        foreach (var leaf in reader.Leaves)
        {
            var ids = Assert.IsType<PlainBinaryDocValuesFormat.Values>(leaf.AtomicReader.GetBinaryDocValues(SearchDocuments.Id));
            var titles = Assert.IsType<PlainBinaryDocValuesFormat.Values>(leaf.AtomicReader.GetBinaryDocValues(SearchDocuments.DisplayText));
            var live = leaf.AtomicReader.LiveDocs;
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc)) continue;
                var i = int.Parse(ids.ReadString(doc)["item-".Length..]);
                Assert.Equal(TitleOf(i), titles.ReadString(doc));
                char[] buffer = [];
                var body = SearchDocuments.ReadBody(reader, leaf.DocBase + doc, ref buffer).ToString();
                if (buffer.Length > 0) System.Buffers.ArrayPool<char>.Shared.Return(buffer);
                Assert.Equal(i % 5 == 0 ? "" : BodyOf(i), body);
                // Lucene's own accessor gives a copy of its own.
                var copy = new BytesRef();
                titles.Get(doc, copy);
                Assert.Equal(TitleOf(i), Encoding.UTF8.GetString(copy.Bytes, copy.Offset, copy.Length));
                seen++;
            }
        }
        Assert.Equal(119, seen);
    }
}
