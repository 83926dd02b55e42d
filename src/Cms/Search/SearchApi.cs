using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Api;
using Cms.Changes;
using Cms.Content;
using Cms.Security;
using Microsoft.Extensions.Options;
using Cms.OpenApi;

namespace Cms.Search;

/// <summary>The search API: readers' and editors' queries, and the administrators' view of the indexes.</summary>
public static class SearchApi
{
    public static void MapSearch(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/search").DisableAntiforgery().WithTags("Search").ProducesProblems(StatusCodes.Status400BadRequest);
        // A reader who sends the Cms-Seq of a change they made waits until this node's indexes hold it too.
        api.MapGet("/", SearchAsync).WithMetadata(new WaitsForSearchIndexes())
            .WithSummary("Search published items")
            .WithDescription("q in the search syntax (prefix=true: the last word is a prefix, for type-ahead), category (slug), index (articles by default), sort=relevance|date, page, pageSize.")
            .Produces<SearchResultsDocument>().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("/indexes", ListIndexesAsync).WithSummary("List the search indexes and their state")
            .Produces<SearchIndexesDocument>().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        api.MapPost("/indexes/{name}/rebuild", RebuildAsync).WithSummary("Rebuild a search index")
            .WithDescription("The rebuilt index is swapped in whole when it is done; searches go on meanwhile.")
            .Produces<SearchRebuildStarted>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        var lucene = app.MapGroup("/api/lucene").DisableAntiforgery().WithTags("Search")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        const string LuceneDescription = "Orchard Core's Lucene query endpoint: the content items an index's query finds (published ones, unless the index holds latest versions and the caller may see them).";
        lucene.MapGet("/content", LuceneContentAsync).WithMetadata(new WaitsForSearchIndexes())
            .WithSummary("Query a Lucene index (Orchard)").WithDescription(LuceneDescription)
            .ReadsQuery("indexName", "The index to query.", required: true)
            .ReadsQuery("query", "The query DSL as JSON, such as {\"query\":{\"match_all\":{}}}.", required: true)
            .Produces<IReadOnlyList<ContentItemDocument>>();
        lucene.MapPost("/content", LuceneContentAsync).WithMetadata(new WaitsForSearchIndexes())
            .WithSummary("Query a Lucene index (Orchard), the query in the body").WithDescription(LuceneDescription)
            .Reads<LuceneQueryBody>(ApiDocumentation.Json, ApiDocumentation.Form)
            .Produces<IReadOnlyList<ContentItemDocument>>()
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>Orchard's endpoint: <c>indexName</c> and <c>query</c> (the DSL as JSON) in the query string, a form, or a JSON body.</summary>
    private static async Task<IResult> LuceneContentAsync(HttpContext context, LuceneContentQuery lucene, IOptions<CmsOptions> options)
    {
        var request = context.Request;
        string? indexName = request.Query["indexName"];
        JsonNode? query = null;
        string? queryText = request.Query["query"];
        if (HttpMethods.IsPost(request.Method))
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                indexName = form["indexName"].FirstOrDefault() ?? indexName;
                queryText = form["query"].FirstOrDefault() ?? queryText;
            }
            else
            {
                var body = await RequestJson.ReadObjectAsync(request, options.Value.Api.MaxJsonBodyBytes);
                if (!body.Succeeded) return Problems.From(body.Refusal!);
                if (body.Value!["indexName"] is JsonValue name && name.TryGetValue<string>(out var n)) indexName = n;
                query = body.Value["query"]?.DeepClone();
            }
        }
        // The DSL as text (query string, form, or a JSON string in the body) is parsed here.
        if (query is null && string.IsNullOrWhiteSpace(queryText)) return Problems.Invalid("query", "query is required: an Orchard Lucene query as JSON.");
        if (query is null || (query is JsonValue text && text.TryGetValue(out queryText)))
        {
            var parsed = RequestJson.Parse(queryText!, "query");
            if (!parsed.Succeeded) return Problems.From(parsed.Refusal!);
            query = parsed.Value;
        }
        if (query is not JsonObject dsl) return Problems.Invalid("query", "query must be a JSON object such as {\"query\":{\"match_all\":{}}}.");

        var result = await lucene.RunAsync(indexName, dsl, await context.GetActorAsync(), context.RequestAborted);
        if (!result.Succeeded) return Problems.From(result.Refusal!);
        context.Response.Headers.CacheControl = "private, no-cache";
        return Results.Text(result.Value!, "application/json", System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> SearchAsync(HttpContext context, IContentSearch search,
        string? q, string? category, string? index, string? page, string? pageSize, string? sort, string? prefix)
    {
        if (!QueryNumbers.TryPositive(page, 1, int.MaxValue, out var pageNumber)) return Problems.Invalid("page", "page is a whole number from 1.");
        // The upper bound (Api:MaxPageSize) is the search's to check: the site's search page goes through it too.
        if (!QueryNumbers.TryPositive(pageSize, 10, int.MaxValue, out var size)) return Problems.Invalid("pageSize", "pageSize is a whole number from 1.");
        SearchSort order;
        if (sort is null || string.Equals(sort, "relevance", StringComparison.OrdinalIgnoreCase)) order = SearchSort.Relevance;
        else if (string.Equals(sort, "date", StringComparison.OrdinalIgnoreCase)) order = SearchSort.Date;
        else return Problems.Invalid("sort", "sort is 'relevance' or 'date'.");
        var typeAhead = prefix is not null && (prefix == "1" || string.Equals(prefix, "true", StringComparison.OrdinalIgnoreCase));
        if (prefix is not null && !typeAhead && prefix != "0" && !string.Equals(prefix, "false", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Invalid("prefix", "prefix is true or false.");
        }

        var query = typeAhead ? AsTypeAhead(q ?? "") : q ?? "";
        var request = new SearchRequest(query, category, string.IsNullOrEmpty(index) ? "articles" : index, pageNumber, size, order);
        var result = await search.SearchAsync(request, await context.GetActorAsync(), context.RequestAborted);
        if (!result.Succeeded) return Problems.From(result.Refusal!);
        context.Response.Headers.CacheControl = "private, no-cache";
        return new JsonBytesResult(ToJson(result.Value!));
    }

    /// <summary>
    /// <c>{"total","items":[{"contentItemId","title","path","publishedUtc","category","categoryName","snippet"}],"facets":{"category":[{"slug","name","count"}]}}</c>,
    /// written member by member (the serializer walked anonymous objects by reflection for every answer).
    /// </summary>
    public static byte[] ToJson(SearchResults found)
    {
        // Written into the thread's buffer and writer, then copied once into an array of the answer's size.
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(8 * 1024);
        buffer.ResetWrittenCount();
        var json = _writer ??= new Utf8JsonWriter(buffer, ContentItemJson.WriterOptions);
        json.Reset(buffer);
        json.WriteStartObject();
        json.WriteNumber("total", found.Total);
        json.WriteStartArray("items");
        foreach (var hit in found.Items)
        {
            json.WriteStartObject();
            json.WriteString("contentItemId", hit.ContentItemId);
            json.WriteString("title", hit.Title);
            json.WriteString("path", hit.Path);
            if (hit.PublishedUtc is { } published) json.WriteString("publishedUtc", published);
            else json.WriteNull("publishedUtc");
            json.WriteString("category", hit.CategorySlug);
            json.WriteString("categoryName", hit.CategoryName);
            json.WriteString("snippet", hit.Snippet);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("facets");
        json.WriteStartArray("category");
        foreach (var facet in found.CategoryFacets)
        {
            json.WriteStartObject();
            json.WriteString("slug", facet.Slug);
            json.WriteString("name", facet.Name);
            json.WriteNumber("count", facet.Count);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        // A rare very large answer does not stay in the thread's buffer.
        if (buffer.Capacity > 256 * 1024) (_buffer, _writer) = (null, null);
        return bytes;
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    /// <summary>"koursk sold" → "koursk sold*": the word being typed is a prefix (unless it is quoted or already one).</summary>
    public static string AsTypeAhead(string q)
    {
        var trimmed = q.TrimEnd();
        return trimmed.Length > 0 && char.IsLetterOrDigit(trimmed[^1]) ? trimmed + "*" : trimmed;
    }

    private static async Task<IResult> ListIndexesAsync(HttpContext context, SearchIndexer indexer)
    {
        var refusal = await RefuseUnlessManagerAsync(context);
        if (refusal is not null) return refusal;
        return Results.Ok(new
        {
            indexes = indexer.Indexes.Select(i =>
            {
                var live = i.Live;
                return new
                {
                    name = i.Definition.Name,
                    analyzerName = i.Definition.AnalyzerName,
                    culture = i.Definition.Culture,
                    indexLatest = i.Definition.IndexLatest,
                    indexedContentTypes = i.Definition.IndexedContentTypes,
                    documentCount = live?.DocumentCount(),
                    cursor = live?.Cursor,
                    rebuild = new { state = i.RebuildState.ToString(), error = i.RebuildError, lastRebuildUtc = i.LastRebuildUtc },
                };
            }),
        });
    }

    private static async Task<IResult> RebuildAsync(string name, HttpContext context, SearchIndexer indexer)
    {
        var refusal = await RefuseUnlessManagerAsync(context);
        if (refusal is not null) return refusal;
        var index = indexer.Find(name);
        if (index is null) return Problems.From(Refusal.NotFound($"There is no search index '{name}'."));
        var started = indexer.RequestRebuild(index);
        return Results.Json(new { name = index.Definition.Name, state = RebuildState.Running.ToString(), alreadyRunning = !started },
            statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult?> RefuseUnlessManagerAsync(HttpContext context) =>
        (await context.GetActorAsync()).Lacks(Permissions.ManageSearchIndexes, "Managing search indexes") is { } refusal ? Problems.From(refusal) : null;
}
