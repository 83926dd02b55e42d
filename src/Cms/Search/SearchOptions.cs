namespace Cms.Search;

/// <summary>The <c>Cms:Search</c> section.</summary>
public sealed class SearchOptions
{
    /// <summary>Where this node keeps its indexes; by default <c>&lt;DataPath&gt;/search</c>. Each web node has its own.</summary>
    public string? IndexPath { get; set; }

    /// <summary>How often a node looks for tasks written by other nodes (its own changes wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long indexing tasks are kept: a node that was down longer than this rebuilds its indexes.</summary>
    public TimeSpan TaskRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often a node prunes tasks older than <see cref="TaskRetention"/>.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Longest time between disk commits while tasks are being applied. Applied tasks are searchable at once; a crash
    /// loses at most this much applied work, which is then applied again from the task table.
    /// </summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Tasks applied per batch.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Longest query accepted, in characters.</summary>
    public int MaxQueryLength { get; set; } = 500;
}
