using Cms.Search;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace Cms.Tests.Search;

/// <summary>
/// The index folder read through the CMS's own memory maps: what was written reads back the same (bytes, numbers in
/// Lucene's byte order, positions), clones move on their own, reading past the end or after closing fails cleanly, and
/// a whole index written, merged and searched through it is one Lucene's own check finds sound.
/// </summary>
public sealed class MappedDirectoryTests : IDisposable
{
    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("cms-mapped-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_folder, recursive: true);

    [Fact]
    public void What_was_written_reads_back_the_same_and_clones_keep_their_own_position()
    {
        using var directory = new MappedDirectory(_folder);
        using (var output = directory.CreateOutput("data.bin", IOContext.DEFAULT))
        {
            output.WriteByte(7);
            output.WriteInt16(-2);
            output.WriteInt32(123_456_789);
            output.WriteInt64(-9_876_543_210L);
            output.WriteVInt32(300);
            output.WriteString("été à Koursk");
            output.WriteBytes(Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray(), 5000);
        }

        using var input = directory.OpenInput("data.bin", IOContext.DEFAULT);
        Assert.Equal(7, input.ReadByte());
        Assert.Equal(-2, input.ReadInt16());
        Assert.Equal(123_456_789, input.ReadInt32());
        Assert.Equal(-9_876_543_210L, input.ReadInt64());
        Assert.Equal(300, input.ReadVInt32());
        var afterNumbers = input.Position;
        var clone = (IndexInput)input.Clone();
        Assert.Equal("été à Koursk", input.ReadString());
        // The clone starts where the original was and moves on its own.
        Assert.Equal(afterNumbers, clone.Position);
        Assert.Equal("été à Koursk", clone.ReadString());
        var bytes = new byte[5000];
        clone.ReadBytes(bytes, 0, bytes.Length);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (byte)i), bytes);
        Assert.Equal(clone.Length, clone.Position);
        input.Seek(afterNumbers);
        Assert.Equal("été à Koursk", input.ReadString());
    }

    [Fact]
    public void Reading_past_the_end_an_empty_file_and_a_closed_file_fail_with_clear_errors()
    {
        using var directory = new MappedDirectory(_folder);
        using (var output = directory.CreateOutput("four.bin", IOContext.DEFAULT)) output.WriteInt32(42);
        using (directory.CreateOutput("empty.bin", IOContext.DEFAULT)) { }

        using (var empty = directory.OpenInput("empty.bin", IOContext.DEFAULT))
        {
            Assert.Equal(0, empty.Length);
            Assert.Throws<EndOfStreamException>(() => empty.ReadByte());
        }

        var input = directory.OpenInput("four.bin", IOContext.DEFAULT);
        Assert.Throws<EndOfStreamException>(() => input.ReadInt64());
        Assert.Throws<EndOfStreamException>(() => input.Seek(5));
        input.Seek(4); // the very end: nothing more to read
        Assert.Throws<EndOfStreamException>(() => input.ReadByte());
        var clone = (IndexInput)input.Clone();
        clone.Seek(0);
        input.Dispose();
        // The mapping went with the original: a clone read afterwards throws instead of touching unmapped memory.
        Assert.Throws<ObjectDisposedException>(() => clone.ReadInt32());
    }

    [Fact]
    public void An_index_written_merged_and_searched_through_it_is_sound()
    {
        NewsCodec.Register();
        using var directory = new MappedDirectory(_folder);
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.Version, new WhitespaceAnalyzer(SearchAnalyzers.Version)) { Codec = new NewsCodec() }))
        {
            for (var i = 0; i < 300; i++)
            {
                writer.AddDocument(new Document
                {
                    new StringField(SearchDocuments.Id, $"item-{i}", Field.Store.YES),
                    new TextField("text", $"article {i} {(i % 3 == 0 ? "soldats" : "budget")} {string.Join(' ', Enumerable.Repeat("mot", i % 40))}", Field.Store.NO),
                });
                if (i % 50 == 49) writer.Commit();
            }
            writer.DeleteDocuments(new Term(SearchDocuments.Id, "item-3"));
            writer.ForceMerge(1); // merges read through plain file reads
            writer.Commit();
        }

        using (var reader = DirectoryReader.Open(directory))
        {
            Assert.Single(reader.Leaves);
            var searcher = new IndexSearcher(reader);
            var hits = searcher.Search(new TermQuery(new Term("text", "soldats")), 1000);
            Assert.Equal(99, hits.TotalHits); // 100 multiples of 3 below 300, less item-3
            Assert.DoesNotContain(hits.ScoreDocs, d => searcher.Doc(d.Doc).Get(SearchDocuments.Id) == "item-3");
        }
        Assert.True(new CheckIndex(directory).DoCheckIndex().Clean);
    }
}
