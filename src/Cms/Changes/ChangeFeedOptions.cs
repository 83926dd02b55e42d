namespace Cms.Changes;

/// <summary>The <c>Cms:ChangeFeed</c> section.</summary>
public sealed class ChangeFeedOptions
{
    public const string Section = "Cms:ChangeFeed";

    /// <summary>How long entries are kept: a node (or a search index) further behind than this rebuilds what it holds.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How often a node reads the feed when nothing woke it. Its own commits wake it at once, and on PostgreSQL so do
    /// every other node's (LISTEN/NOTIFY); polling is the fallback when a notification is lost.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the node holding the cluster duties deletes entries older than <see cref="Retention"/>.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Entries read per query.</summary>
    public int BatchSize { get; set; } = 500;
}
