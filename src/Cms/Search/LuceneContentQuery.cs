using System.Text;
using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Security;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Search;

/// <summary>
/// Orchard's <c>/api/lucene/content</c>: a DSL query over a named index, answered with the matching content items in
/// Orchard's JSON shape (the version the index holds: published, or latest), under the same access rules as /api/search.
/// </summary>
public sealed class LuceneContentQuery(SearchIndexer indexer, CmsDbContext db, ContentDefinitionStore definitions, IOptions<CmsOptions> options)
{
    public async Task<Outcome<string>> RunAsync(string? indexName, JsonObject dsl, Actor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(indexName)) return Invalid("indexName", "indexName is required.");
        var index = indexer.Find(indexName);
        if (index is null) return Invalid("indexName", $"There is no search index '{indexName}'.");
        var access = ContentSearch.AccessFilter(index.Definition, actor);
        if (!access.Succeeded) return access.Refusal!;
        var parsed = new OrchardQueryDsl(index.Analyzer, definitions.Current).Parse(dsl, options.Value.Api.MaxPageSize);
        if (!parsed.Succeeded) return parsed.Refusal!;
        var (query, from, size, sort) = parsed.Value!;

        var filtered = ContentSearch.WithFilters(query, access.Value!);
        if ((long)from + size > ContentSearch.MaxDepth) return Invalid("from", $"Results are served to a depth of {ContentSearch.MaxDepth}.");

        var ids = index.Search(searcher =>
        {
            var wanted = Math.Max(1, from + size);
            var top = sort is null ? searcher.Search(filtered, wanted) : searcher.Search(filtered, null, wanted, sort);
            return top.ScoreDocs.Skip(from).Take(size).Select(d => SearchDocuments.ReadId(searcher.IndexReader, d.Doc)).ToList();
        }) ?? [];
        if (ids.Count == 0) return "[]";

        var rows = await SearchIndexer.Selected(db, index.Definition).Where(v => ids.Contains(v.ContentItemId)).Select(v => new { v.ContentItemId, v.Json }).ToListAsync(cancellationToken);
        var byId = rows.ToDictionary(r => r.ContentItemId, r => r.Json);
        var json = new StringBuilder("[");
        foreach (var id in ids)
        {
            // An item changed since the searcher was opened may have left the index's selection: it is skipped, never shown.
            if (!byId.TryGetValue(id, out var stored)) continue;
            if (json.Length > 1) json.Append(',');
            // Stored by ContentRecords in the API's own shape: written as it is.
            json.Append(stored);
        }
        return json.Append(']').ToString();
    }

    private static Refusal Invalid(string field, string message) =>
        Refusal.Invalid(message, new Dictionary<string, string[]> { [field] = [message] });
}
