using Cms.Content;
using Cms.Security;

namespace Cms.Search;

public enum SearchSort
{
    Relevance,
    Date,
}

/// <summary>A reader's or an editor's question: words (Lucene-ish syntax, quotes for phrases), an optional category slug, paging.</summary>
public sealed record SearchRequest(string Query, string? Category = null, string Index = "articles", int Page = 1, int PageSize = 10, SearchSort Sort = SearchSort.Relevance);

/// <summary>One result. <see cref="Snippet"/> is HTML: escaped text with the matched words wrapped in &lt;mark&gt;.</summary>
public sealed record SearchHit(string ContentItemId, string Title, string Path, DateTime? PublishedUtc, string? CategorySlug, string? CategoryName, string Snippet);

public sealed record CategoryFacet(string Slug, string Name, int Count);

public sealed record SearchResults(int Total, IReadOnlyList<SearchHit> Items, IReadOnlyList<CategoryFacet> CategoryFacets);

/// <summary>
/// Full-text search over articles, for the search API and the site's search page. A refusal names what is wrong
/// (an unknown index, an index the actor may not query, a query that cannot be understood).
/// </summary>
public interface IContentSearch
{
    Task<Outcome<SearchResults>> SearchAsync(SearchRequest request, Actor actor, CancellationToken cancellationToken = default);
}
