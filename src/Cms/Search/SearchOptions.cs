namespace Cms.Search;

/// <summary>The <c>Cms:Search</c> section.</summary>
public sealed class SearchOptions
{
    /// <summary>Where this node keeps its indexes; by default <c>&lt;DataPath&gt;/search</c>. Each web node has its own.</summary>
    public string? IndexPath { get; set; }

    /// <summary>
    /// Longest time between disk commits while change-feed entries are being applied. Applied entries are searchable at
    /// once; a crash loses at most this much applied work, which is then applied again from the feed.
    /// </summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Change-feed entries applied per batch.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Longest query accepted, in characters.</summary>
    public int MaxQueryLength { get; set; } = 500;

    /// <summary>
    /// Searches run at once on this node; more wait their turn. A search is CPU work from start to end: running more
    /// than there are cores only interleaves them, each holding its buffers longer, which the garbage collector then
    /// promotes and collects again. 0 means the number of cores.
    /// </summary>
    public int MaxConcurrentSearches { get; set; }

    /// <summary>Answers of published indexes kept in memory (<c>Cms:Search:ResultCache</c>).</summary>
    public SearchResultCacheOptions ResultCache { get; set; } = new();
}

/// <summary>The <c>Cms:Search:ResultCache</c> section (see <see cref="SearchResultCache"/>).</summary>
public sealed class SearchResultCacheOptions
{
    /// <summary>Whether repeated searches of published indexes are answered from memory; off, every search is run.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>About how much memory the kept answers may take, in megabytes (an answer of ten results is about 6 KB).</summary>
    public int SizeLimitMB { get; set; } = 16;
}
