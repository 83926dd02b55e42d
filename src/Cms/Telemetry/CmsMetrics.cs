using System.Diagnostics.Metrics;
using Cms.Changes;

namespace Cms.Telemetry;

/// <summary>
/// The CMS's own measurements, on the <c>Cms</c> meter: what the newsroom does (publications, transitions), how readers
/// are served (search time, page-cache hits and misses), and how far this node's search indexes are behind the change
/// feed. Exported by OpenTelemetry when a Prometheus endpoint or an OTLP collector is configured; free otherwise.
/// </summary>
public sealed class CmsMetrics
{
    public const string MeterName = "Cms";

    // Searches take milliseconds; OpenTelemetry's default buckets (0 to 10 000) are made for milliseconds, not seconds.
    private static readonly IReadOnlyList<double> SearchBuckets = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly Counter<long> _publishes;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _searchDuration;
    private readonly Counter<long> _pageCacheHits;
    private readonly Counter<long> _pageCacheMisses;
    private readonly Counter<long> _webhookFailures;

    public CmsMetrics(IMeterFactory meters, ChangeFeedFollower follower)
    {
        var meter = meters.Create(MeterName);
        _publishes = meter.CreateCounter<long>("cms.content.publishes", "{publication}", "Versions published through the workflow (API, admin, scheduler).");
        _transitions = meter.CreateCounter<long>("cms.workflow.transitions", "{transition}", "Workflow transitions made, by transition.");
        _searchDuration = meter.CreateHistogram("cms.search.duration", "s", "Time to answer a full-text search (API and site).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SearchBuckets });
        _pageCacheHits = meter.CreateCounter<long>("cms.site.page_cache.hits", "{request}", "Public site requests answered from the page cache.");
        _pageCacheMisses = meter.CreateCounter<long>("cms.site.page_cache.misses", "{request}", "Cacheable public site requests that had to be rendered.");
        _webhookFailures = meter.CreateCounter<long>("cms.webhooks.failures", "{delivery}", "Webhook deliveries that failed.");
        meter.CreateObservableGauge("cms.search.index_lag", () => follower.CursorLag, "{entry}",
            "Change-feed entries the slowest search index is behind this node's caches.");
    }

    /// <summary>A workflow transition committed (a publication is one too, and also counts as <see cref="Published"/>).</summary>
    public void Transitioned(string transition) => _transitions.Add(1, new KeyValuePair<string, object?>("transition", transition));

    /// <summary>A version went online through the workflow, from the API, the admin or the scheduler.</summary>
    public void Published(string source) => _publishes.Add(1, new KeyValuePair<string, object?>("source", source));

    public void Searched(string index, TimeSpan elapsed) => _searchDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("index", index));

    public void PageCacheHit() => _pageCacheHits.Add(1);

    public void PageCacheMiss() => _pageCacheMisses.Add(1);

    /// <summary>For the webhook sender: a delivery failed, with a short, bounded reason (<c>timeout</c>, <c>status</c>, <c>connection</c>).</summary>
    public void WebhookFailed(string reason) => _webhookFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
