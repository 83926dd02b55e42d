namespace Cms.Health;

/// <summary>The <c>Cms:Health</c> section: what <c>/health/ready</c> asks of this node.</summary>
public sealed class HealthOptions
{
    public const string Section = "Cms:Health";

    /// <summary>Free space the data folder's disk must keep; below it the node is not ready (writes would soon fail).</summary>
    public long MinFreeDiskBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Change-feed entries the slowest search index may be behind this node's caches; beyond it the node is not ready
    /// (its search answers would miss recent changes). An index being built or rebuilt does not count: the live one follows.
    /// </summary>
    public long MaxIndexLag { get; set; } = 1000;
}
