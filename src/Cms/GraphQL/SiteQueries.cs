using Cms.Categories;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Delivery;
using Cms.Parts.Taxonomy;
using Cms.Search;
using GraphQL;
using GraphQL.Types;
using static Cms.GraphQL.GraphFields;

namespace Cms.GraphQL;

/// <summary>A search hit, and how its item is read: published for a published index, the newest the caller may see for a latest one.</summary>
internal sealed record SearchHitNode(SearchHit Hit, ItemView View);

internal sealed record SearchResultsNode(int Total, IReadOnlyList<SearchHitNode> Hits);

/// <summary>The root fields beside the content types: <c>search</c> (through IContentSearch), <c>categories</c> and <c>tags</c>.</summary>
internal static class SiteQueries
{
    public static readonly string[] RootFieldNames = ["search", "categories", "tags"];

    public static void AddTo(ObjectGraphType query, ContentGraphTypes common)
    {
        var hit = new ObjectGraphType { Name = "SearchHit" };
        hit.AddField(Field<NonNullGraphType<StringGraphType>>("contentItemId", c => Hit(c).ContentItemId));
        hit.AddField(Field<StringGraphType>("title", c => Hit(c).Title));
        hit.AddField(Field<StringGraphType>("path", c => Hit(c).Path));
        hit.AddField(Field<DateTimeGraphType>("publishedUtc", c => Hit(c).PublishedUtc));
        hit.AddField(Field<StringGraphType>("category", c => Hit(c).CategorySlug, "The category's slug."));
        hit.AddField(Field<StringGraphType>("categoryName", c => Hit(c).CategoryName));
        hit.AddField(Field<StringGraphType>("snippet", c => Hit(c).Snippet, "Escaped HTML: the matched words in <mark>."));
        hit.AddField(Field("item", common.ContentItem, c =>
        {
            var node = (SearchHitNode)c.Source!;
            return GraphQLRequestContext.Of(c).Items(node.View).Load(node.Hit.ContentItemId).Then(item => item is not null && common.InSchema(item) ? item : null);
        }));

        var results = new ObjectGraphType { Name = "SearchResults" };
        results.AddField(Field<NonNullGraphType<IntGraphType>>("total", c => ((SearchResultsNode)c.Source!).Total));
        results.AddField(Field("hits", ListOf(hit), c => ((SearchResultsNode)c.Source!).Hits));

        query.AddField(AsyncField("search", results, SearchAsync,
            "Full-text search, as /api/search: words, \"phrases\", prefix*, -excluded.",
            Argument<NonNullGraphType<StringGraphType>>("query"),
            Argument<StringGraphType>("category", description: "A category's slug."),
            Argument<IntGraphType>("first", 10, "At most Cms:Api:MaxPageSize."),
            Argument<IntGraphType>("skip", 0),
            Argument<StringGraphType>("index", "articles", "articles (published) or articles-latest (signed-in newsroom), or any index a recipe declares.")));

        var term = new ObjectGraphType { Name = "TermSummary", Description = "A category or a tag, and how many published items it has." };
        term.AddField(Field<NonNullGraphType<StringGraphType>>("contentItemId", c => ((Category)c.Source!).ContentItemId));
        term.AddField(Field<NonNullGraphType<StringGraphType>>("name", c => ((Category)c.Source!).Name));
        term.AddField(Field<NonNullGraphType<StringGraphType>>("slug", c => ((Category)c.Source!).Slug));
        term.AddField(Field<NonNullGraphType<IntGraphType>>("articleCount", c => ((Category)c.Source!).ArticleCount, "Published items pointing to it."));
        term.AddField(Field<StringGraphType>("parentContentItemId", c => ((Category)c.Source!).ParentContentItemId, "The parent category of a sub-category; null at the top level."));
        query.AddField(AsyncField("categories", ListOf(term), CategoriesAsync, "The categories, in their order (none when no field has the Category role)."));
        query.AddField(AsyncField("tags", ListOf(term), TagsAsync, "The tags, in their order (none when no field has the Tags role)."));
    }

    private static SearchHit Hit(IResolveFieldContext context) => ((SearchHitNode)context.Source!).Hit;

    private static async Task<object?> SearchAsync(IResolveFieldContext context)
    {
        var request = GraphQLRequestContext.Of(context);
        var first = context.GetArgument("first", 10);
        var skip = context.GetArgument("skip", 0);
        if (first < 0 || first > request.MaxPageSize) throw new ExecutionError($"first must be from 0 to {request.MaxPageSize} (Cms:Api:MaxPageSize).");
        if (skip < 0) throw new ExecutionError("skip must be 0 or more.");
        var index = context.GetArgument<string?>("index") ?? "articles";
        var search = request.Services.GetRequiredService<IContentSearch>();
        request.UsedSearch = true;

        // The search serves pages; a window that straddles two is read from both.
        var size = Math.Max(first, 1);
        var page = skip / size + 1;
        var offset = skip % size;
        async Task<SearchResults> PageAsync(int number)
        {
            var found = await search.SearchAsync(new SearchRequest(context.GetArgument<string>("query"), context.GetArgument<string?>("category"), index, number, size),
                request.Actor, context.CancellationToken);
            if (found.Succeeded) return found.Value!;
            // The search speaks of the REST API's q; here it is the query argument.
            var detail = found.Refusal!.Detail;
            throw new ExecutionError(detail.StartsWith("q ", StringComparison.Ordinal) ? "query " + detail[2..] : detail);
        }
        var results = await PageAsync(page);
        var hits = results.Items.Skip(offset).ToList();
        if (offset > 0 && results.Total > page * size) hits.AddRange((await PageAsync(page + 1)).Items.Take(offset));

        var latest = request.Services.GetRequiredService<SearchIndexer>().Find(index)?.Definition.IndexLatest == true;
        var view = latest ? ItemView.Newest : ItemView.Published;
        return new SearchResultsNode(results.Total, hits.Take(first).Select(h => new SearchHitNode(h, view)).ToList());
    }

    private static async Task<object?> CategoriesAsync(IResolveFieldContext context)
    {
        var list = await GraphQLRequestContext.Of(context).Services.GetRequiredService<CategoryService>().ListAsync();
        return list.Succeeded ? list.Value!.Items : Array.Empty<Category>();
    }

    /// <summary>The terms of the taxonomy the Tags role points to, counted as the categories are.</summary>
    private static async Task<object?> TagsAsync(IResolveFieldContext context)
    {
        var services = GraphQLRequestContext.Of(context).Services;
        var taxonomyId = services.GetRequiredService<ContentDefinitionStore>().Current.TaxonomyInRole(FieldRoles.Tags);
        var taxonomy = taxonomyId is null ? null : await services.GetRequiredService<TaxonomyCache>().GetAsync(services.GetRequiredService<CmsDbContext>(), taxonomyId);
        if (taxonomy is null) return Array.Empty<Category>();
        var counts = await services.GetRequiredService<PublishedContent>().CountByTermAsync();
        return taxonomy.Terms.Select(t => new Category(t.ContentItemId, t.Name, t.Slug, counts.GetValueOrDefault(t.ContentItemId), t.ParentContentItemId)).ToList();
    }
}
