using System.Diagnostics;
using Cms.Content;
using Cms.Security;
using Cms.Telemetry;

namespace Cms.Search;

/// <summary>
/// Times the searches the API and the site's search page answer (<c>cms.search.duration</c>), by index: the time a reader
/// waits, answers from the result cache included.
/// </summary>
internal sealed class MeasuredContentSearch(IContentSearch search, CmsMetrics metrics) : IContentSearch
{
    public async Task<Outcome<SearchResults>> SearchAsync(SearchRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await search.SearchAsync(request, actor, cancellationToken);
        // Refused requests are not searches, and their index name is whatever the caller typed: not a tag to keep.
        if (result.Succeeded) metrics.Searched(request.Index.ToLowerInvariant(), Stopwatch.GetElapsedTime(started));
        return result;
    }
}
