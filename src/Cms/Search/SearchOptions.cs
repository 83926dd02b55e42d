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

    /// <summary>Tasks applied per index commit.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Longest query accepted, in characters.</summary>
    public int MaxQueryLength { get; set; } = 500;
}
