using Cms.Content;
using Cms.Data;
using Cms.Delivery;
using Cms.Media;
using Cms.Parts.Taxonomy;
using Cms.Security;
using GraphQL;

namespace Cms.GraphQL;

/// <summary>How the items reached from an item (its picked items) are read: as published, or as the newest version the caller may see.</summary>
internal enum ItemView
{
    Published,
    Newest,
}

/// <summary>An item as resolvers see it: the version, and how the items it points to are read (the visibility of the query that reached it).</summary>
internal sealed record ItemNode(ContentItem Item, ItemView View);

/// <summary>
/// One GraphQL request: who asks (the actor of a bearer token, else an anonymous reader), a preview token if one came in
/// a header, and the request's batch loaders, so that nested items, terms and focal points are read once per level.
/// </summary>
internal sealed class GraphQLRequestContext(Actor actor, IServiceProvider services, string? previewToken, int maxPageSize) : Dictionary<string, object?>
{
    private BatchLoader<string, ItemNode>? _published;
    private BatchLoader<string, ItemNode>? _newest;
    private BatchLoader<string, Taxonomy>? _taxonomies;
    private BatchLoader<string, FocalPoint?>? _focus;

    public Actor Actor { get; } = actor;

    /// <summary>The request's services (one DbContext: the serial execution strategy never uses it from two fields at once).</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>The <c>Preview-Token</c> header, which opens one item for <c>contentItem</c>.</summary>
    public string? PreviewToken { get; } = previewToken;

    public int MaxPageSize { get; } = maxPageSize;

    /// <summary>Set when a preview token was used: the answer holds a version readers do not see, and must not be stored.</summary>
    public bool UsedPreview { get; set; }

    /// <summary>Set when the query searched: the answer depends on this node's indexes, which follow the feed on their own.</summary>
    public bool UsedSearch { get; set; }

    public BatchLoader<string, ItemNode> PublishedItems => _published ??= new(async (ids, cancellationToken) =>
    {
        var documents = await Services.GetRequiredService<PublishedContent>().FindManyJsonAsync(ids, cancellationToken);
        return documents.ToDictionary(d => d.Key, d => new ItemNode(ContentItemJson.Parse(d.Value), ItemView.Published));
    });

    public BatchLoader<string, ItemNode> NewestItems => _newest ??= new(async (ids, cancellationToken) =>
    {
        var documents = await Services.GetRequiredService<ContentQueries>().NewestVisibleJsonAsync(ids, Actor, cancellationToken);
        return documents.ToDictionary(d => d.Key, d => new ItemNode(ContentItemJson.Parse(d.Value), ItemView.Newest));
    });

    public BatchLoader<string, ItemNode> Items(ItemView view) => view == ItemView.Published ? PublishedItems : NewestItems;

    /// <summary>Taxonomies come from the node's cache; a miss reads one row per taxonomy (there are few, whatever the page size).</summary>
    public BatchLoader<string, Taxonomy> Taxonomies => _taxonomies ??= new(async (ids, _) =>
    {
        var cache = Services.GetRequiredService<TaxonomyCache>();
        var db = Services.GetRequiredService<CmsDbContext>();
        var found = new Dictionary<string, Taxonomy>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (await cache.GetAsync(db, id) is { } taxonomy) found[id] = taxonomy;
        }
        return found;
    });

    public BatchLoader<string, FocalPoint?> MediaFocus => _focus ??= new(async (paths, _) =>
        (await Services.GetRequiredService<MediaLibrary>().FocusOfAsync(paths)).ToDictionary(f => f.Key, f => (FocalPoint?)f.Value));

    public static GraphQLRequestContext Of(IResolveFieldContext context) => (GraphQLRequestContext)context.UserContext;
}
