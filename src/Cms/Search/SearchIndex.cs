using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Cms.Search;

/// <summary>
/// One generation of an index on disk: a writer, its near-real-time searchers, and the cursor (the last change-feed entry applied),
/// which is committed in the Lucene commit's user data, so that index and cursor move together or not at all.
/// </summary>
public sealed class IndexGeneration : IDisposable
{
    private const string CursorKey = "cms.cursor";
    private const string ShapeKey = "cms.shape";

    private readonly LuceneDirectory _directory;

    private readonly string _shape;

    private IndexGeneration(string path, LuceneDirectory directory, IndexWriter writer, string shape)
    {
        Path = path;
        _directory = directory;
        _shape = shape;
        Writer = writer;
        Cursor = CommittedCursor = writer.CommitData.TryGetValue(CursorKey, out var value) && long.TryParse(value, out var cursor) ? cursor : 0;
        Searchers = new SearcherManager(writer, applyAllDeletes: true, searcherFactory: NewsSearcher.Factory.Instance);
    }

    public string Path { get; }
    public IndexWriter Writer { get; }
    public SearcherManager Searchers { get; }

    /// <summary>The sequence of the last change-feed entry this generation reflects (visible to searches; maybe not yet on disk).</summary>
    public long Cursor { get; private set; }

    /// <summary>The cursor of the last commit: what a restart resumes from.</summary>
    public long CommittedCursor { get; private set; }

    private long _lastCommit = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>
    /// The shape recorded in a generation's last commit (the document layout and the definition it was built for),
    /// read without opening a writer; null for a folder with no commit, or one written before shapes were recorded.
    /// </summary>
    public static string? CommittedShape(string path)
    {
        if (!System.IO.Directory.Exists(path)) return null;
        NewsCodec.Register();
        using var directory = new MappedDirectory(path);
        if (!DirectoryReader.IndexExists(directory)) return null;
        var commit = new SegmentInfos();
        commit.Read(directory);
        return commit.UserData.TryGetValue(ShapeKey, out var shape) ? shape : null;
    }

    /// <summary>Opens (or creates) the generation in <paramref name="path"/>; its commits record <paramref name="shape"/>.</summary>
    public static IndexGeneration Open(string path, Analyzer analyzer, string shape)
    {
        System.IO.Directory.CreateDirectory(path);
        NewsCodec.Register();
        var directory = new MappedDirectory(path);
        var config = new IndexWriterConfig(SearchAnalyzers.Version, analyzer)
        {
            Codec = new NewsCodec(),
            OpenMode = OpenMode.CREATE_OR_APPEND,
            // Documents held in memory before they are written as a segment. A rebuild of 100,000 articles peaked at
            // 405 MiB with 32 MB (and batches of 1,000 rows) and 351 MiB with 24 (and 500), at 2,727 and 2,461 docs/s.
            RAMBufferSizeMB = 24,
            // No compound files: packing every flushed segment's files into one is a copy of the segment, 10 % of a
            // rebuild's time; an index has a few dozen segments, so the file handles they save do not matter here.
            UseCompoundFile = false,
            MergePolicy = new TieredMergePolicy { NoCFSRatio = 0 },
        };
        var writer = new IndexWriter(directory, config);
        if (!DirectoryReader.IndexExists(directory))
        {
            writer.SetCommitData(new Dictionary<string, string> { [CursorKey] = "0", [ShapeKey] = shape });
            writer.Commit();
        }
        return new IndexGeneration(path, directory, writer, shape);
    }

    /// <summary>
    /// Makes what was written visible to searches at once (a near-real-time reader, no disk sync). The disk commit follows
    /// (<see cref="CommitIfDue"/>); should the process die before it, these entries are after the committed cursor and are
    /// applied again from the database, which changes nothing that was already applied.
    /// </summary>
    public void Refresh(long cursor)
    {
        Searchers.MaybeRefreshBlocking();
        Cursor = cursor;
    }

    /// <summary>Commits the documents and the cursor together, when something is uncommitted and the last commit is older than <paramref name="interval"/>.</summary>
    public void CommitIfDue(TimeSpan interval)
    {
        if (Cursor == CommittedCursor || System.Diagnostics.Stopwatch.GetElapsedTime(_lastCommit) < interval) return;
        WriteCommit();
    }

    /// <summary>Makes <paramref name="cursor"/> visible and commits at once (the end of a build).</summary>
    public void Commit(long cursor)
    {
        Refresh(cursor);
        WriteCommit();
    }

    private void WriteCommit()
    {
        Writer.SetCommitData(new Dictionary<string, string>
        {
            [CursorKey] = Cursor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ShapeKey] = _shape,
        });
        Writer.Commit();
        CommittedCursor = Cursor;
        _lastCommit = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    public int DocumentCount()
    {
        var searcher = Searchers.Acquire();
        try
        {
            return searcher.IndexReader.NumDocs;
        }
        finally
        {
            Searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        Searchers.Dispose();
        try
        {
            // Anything written since the last commit is dropped: its entries are after the committed cursor and will be applied again.
            Writer.Rollback();
        }
        catch (IOException)
        {
            // The folder was deleted under us; there is nothing left to roll back.
        }
        _directory.Dispose();
    }
}

public enum RebuildState
{
    Idle,
    Running,
    Failed,
}

/// <summary>A named index: its definition, its analyzer, and the generation searches are answered from.</summary>
public sealed class SearchIndex(SearchIndexDefinition definition) : IDisposable
{
    private IndexGeneration? _live;

    public SearchIndexDefinition Definition { get; } = definition;
    public Analyzer Analyzer { get; } = SearchAnalyzers.Create(definition.AnalyzerName);

    /// <summary>
    /// What a generation of this index must have been built for to be used: the document layout, the definition, and what
    /// its cursor counts ("feed": change-feed sequences; generations that counted the older indexing tasks are rebuilt).
    /// </summary>
    public string Shape { get; } = string.Join('|', SearchDocuments.Layout, "feed", definition.AnalyzerName.ToLowerInvariant(),
        definition.IndexLatest ? "latest" : "published", definition.Culture ?? "", string.Join(',', definition.IndexedContentTypes));

    /// <summary>Held by whoever writes to the live generation or swaps it: one applier at a time.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public IndexGeneration? Live => Volatile.Read(ref _live);

    public RebuildState RebuildState { get; set; }
    public string? RebuildError { get; set; }
    public DateTime? LastRebuildUtc { get; set; }

    /// <summary>Makes <paramref name="next"/> the live generation; returns the one it replaces.</summary>
    public IndexGeneration? Swap(IndexGeneration next) => Interlocked.Exchange(ref _live, next);

    /// <summary>Runs a search on the live generation's current searcher; null while the index is still being built.</summary>
    public T? Search<T>(Func<IndexSearcher, T> search) where T : class
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var generation = Live;
            if (generation is null) return null;
            IndexSearcher searcher;
            try
            {
                searcher = generation.Searchers.Acquire();
            }
            catch (ObjectDisposedException)
            {
                // Swapped out by a rebuild between our read and our acquire: take the new one.
                continue;
            }
            try
            {
                return search(searcher);
            }
            finally
            {
                generation.Searchers.Release(searcher);
            }
        }
        return null;
    }

    public void Dispose()
    {
        Live?.Dispose();
        Analyzer.Dispose();
        Gate.Dispose();
    }
}
