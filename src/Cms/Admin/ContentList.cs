using System.Linq.Expressions;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Admin;

/// <summary>What the articles list is ordered by.</summary>
public enum ContentSort
{
    Modified,
    Title,
    State,
    Author,
}

public enum SortDirection
{
    Descending,
    Ascending,
}

/// <summary>A page of the list; <see cref="Author"/> is the original author (who wrote the first version).</summary>
public sealed record ContentListFilter(string? State, string? Category, string? Author, string? Text, int Page, int PageSize = 20)
{
    public ContentSort Sort { get; init; } = ContentSort.Modified;

    public SortDirection Direction { get; init; } = SortDirection.Descending;

    /// <summary>One type, or null for every type the newsroom creates.</summary>
    public string? Type { get; init; }

    /// <summary>Any of these states (the review queue: every state of kind Review), besides <see cref="State"/>.</summary>
    public IReadOnlyCollection<string>? StatesIn { get; init; }

    /// <summary>These items only (a bulk action's confirmation).</summary>
    public IReadOnlyCollection<string>? Only { get; init; }
}

/// <summary>
/// An item by its latest version: <see cref="CreatedBy"/> wrote its first version (the original author, "Auteur"),
/// <see cref="ModifiedBy"/> its latest one.
/// </summary>
public sealed record ContentRow(string ContentItemId, string ContentType, string? Title, string Status, bool HasPublished, string? CreatedBy, string? ModifiedBy,
    string? Owner, DateTime? ModifiedUtc, DateTime? PublishAtUtc);

public sealed record ContentRows(IReadOnlyList<ContentRow> Rows, int Total);

/// <summary>
/// The newsroom's view of its content in any state, by the latest version: items of the types it creates (those the
/// definitions mark Creatable; taxonomies are managed on their own pages). Like the content API, unpublished work is
/// listed only for its owner unless the user may preview everything (ContentAccess.CanPreview).
/// </summary>
public sealed class ContentList(CmsDbContext db, DatabaseDialect dialect, ContentDefinitionStore definitions)
{
    /// <summary>The types the newsroom writes, news first.</summary>
    public IReadOnlyList<ContentTypeDefinition> CreatableTypes =>
        definitions.Current.Types.Values.Where(t => t.Creatable)
            .OrderBy(t => definitions.Current.ListedTypes.Contains(t.Name) ? 0 : 1).ThenBy(t => t.DisplayName, StringComparer.Ordinal).ToList();

    /// <summary>The states of the creatable types' workflows, each name once, drafts first and published last.</summary>
    public IReadOnlyList<Workflow.WorkflowState> States =>
        CreatableTypes.SelectMany(t => definitions.Current.WorkflowOf(t.Name).States)
            .DistinctBy(s => s.Name).OrderBy(s => s.Kind).ToList();

    /// <summary>The names of the states of one kind across the creatable types (every review step, say).</summary>
    public IReadOnlyList<string> StatesOfKind(Workflow.StateKind kind) => States.Where(s => s.Kind == kind).Select(s => s.Name).ToList();

    public Workflow.StateKind KindOf(ContentRow row) => definitions.Current.WorkflowOf(row.ContentType).KindOf(row.Status);

    /// <summary>A state's label in the workflow of the type an item is.</summary>
    public string Label(string status, string contentType) => StateLabels.Of(status, definitions.Current.WorkflowOf(contentType));

    private IQueryable<ContentItemVersion> Latest(string? type)
    {
        var types = type is null ? CreatableTypes.Select(t => t.Name).ToList() : [type];
        return db.ContentItemVersions.AsNoTracking().Where(v => v.Latest && types.Contains(v.ContentType));
    }

    public async Task<ContentRows> ListAsync(ContentListFilter filter, Actor actor)
    {
        var self = actor.UserId ?? "";
        var versions = Latest(filter.Type);
        if (!actor.Has(Permissions.PreviewContent)) versions = versions.Where(v => v.Owner == self || v.Published);
        if (!string.IsNullOrEmpty(filter.State)) versions = versions.Where(v => v.Status == filter.State);
        if (filter.StatesIn is { } states) versions = versions.Where(v => states.Contains(v.Status));
        if (filter.Only is { } only) versions = versions.Where(v => only.Contains(v.ContentItemId));
        if (!string.IsNullOrEmpty(filter.Category)) versions = versions.Where(v => v.Terms.Any(t => t.TermContentItemId == filter.Category));
        if (!string.IsNullOrEmpty(filter.Author)) versions = versions.Where(v => FirstVersions.Any(f => f.ContentItemId == v.ContentItemId && f.Author == filter.Author));
        if (!string.IsNullOrWhiteSpace(filter.Text)) versions = dialect.TitleContains(versions, filter.Text.Trim());
        var total = await versions.CountAsync();
        var ordered = Ordered(versions, filter);
        var page = Math.Max(1, filter.Page);
        // A page past the end shows nothing; one so far that its offset is no int is past the end too.
        var skip = (int)Math.Min((long)(page - 1) * filter.PageSize, int.MaxValue);
        var rows = await ordered.Skip(skip).Take(filter.PageSize)
            .Select(v => new ContentRow(v.ContentItemId, v.ContentType, v.DisplayText, v.Status,
                v.Published || db.ContentItemVersions.Any(p => p.ContentItemId == v.ContentItemId && p.Published),
                FirstVersions.Where(f => f.ContentItemId == v.ContentItemId).Select(f => f.Author).FirstOrDefault(),
                v.Author, v.Owner, v.ModifiedUtc, v.PublishAtUtc))
            .ToListAsync();
        return new ContentRows(rows, total);
    }

    /// <summary>The rows of the given items that the user may see (a bulk action's confirmation), in the list's order.</summary>
    public async Task<IReadOnlyList<ContentRow>> RowsAsync(IReadOnlyCollection<string> contentItemIds, Actor actor)
    {
        var filter = new ContentListFilter(null, null, null, null, 1, PageSize: contentItemIds.Count) { Only = contentItemIds };
        return (await ListAsync(filter, actor)).Rows;
    }

    /// <summary>
    /// The first version of every item: who created it. Read in the page's own query (a correlated subquery), so that a
    /// page costs one query whatever its length; a later editor never takes the original author's place.
    /// </summary>
    private IQueryable<ContentItemVersion> FirstVersions => db.ContentItemVersions.Where(f => f.Number == 1);

    private IOrderedQueryable<ContentItemVersion> Ordered(IQueryable<ContentItemVersion> versions, ContentListFilter filter)
    {
        var ascending = filter.Direction == SortDirection.Ascending;
        IOrderedQueryable<ContentItemVersion> By<T>(Expression<Func<ContentItemVersion, T>> key) =>
            ascending ? versions.OrderBy(key) : versions.OrderByDescending(key);
        var ordered = filter.Sort switch
        {
            ContentSort.Title => By(v => v.DisplayText),
            ContentSort.State => By(StateOrder()),
            ContentSort.Author => By(v => FirstVersions.Where(f => f.ContentItemId == v.ContentItemId).Select(f => f.Author).FirstOrDefault()),
            _ => By(v => v.ModifiedUtc),
        };
        return ascending ? ordered.ThenBy(v => v.Id) : ordered.ThenByDescending(v => v.Id);
    }

    /// <summary>
    /// A state's rank in the workflows (drafts first, published last), as a CASE the database evaluates: state names sort
    /// by what they mean, not alphabetically.
    /// </summary>
    private Expression<Func<ContentItemVersion, int>> StateOrder()
    {
        var version = Expression.Parameter(typeof(ContentItemVersion), "v");
        var status = Expression.Property(version, nameof(ContentItemVersion.Status));
        Expression rank = Expression.Constant(States.Count);
        for (var i = States.Count - 1; i >= 0; i--)
        {
            rank = Expression.Condition(Expression.Equal(status, Expression.Constant(States[i].Name)), Expression.Constant(i), rank);
        }
        return Expression.Lambda<Func<ContentItemVersion, int>>(rank, version);
    }

    public async Task<Dictionary<string, int>> CountByStateAsync(Actor actor)
    {
        var self = actor.UserId ?? "";
        var versions = Latest(null);
        if (!actor.Has(Permissions.PreviewContent)) versions = versions.Where(v => v.Owner == self);
        return await versions.GroupBy(v => v.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    /// <summary>
    /// When each item last entered a state of kind Review (whatever the transition that took it there): how long it has
    /// been waiting in the queue.
    /// </summary>
    public async Task<Dictionary<string, DateTime>> SubmittedAtAsync(IReadOnlyCollection<string> contentItemIds)
    {
        var review = StatesOfKind(Workflow.StateKind.Review);
        return await db.AuditEntries.AsNoTracking()
            .Where(a => a.ToStatus != null && review.Contains(a.ToStatus) && a.FromStatus != a.ToStatus && contentItemIds.Contains(a.ContentItemId))
            .GroupBy(a => a.ContentItemId).Select(g => new { g.Key, Utc = g.Max(a => a.Utc) })
            .ToDictionaryAsync(g => g.Key, g => g.Utc);
    }

    /// <summary>
    /// The items among <paramref name="contentItemIds"/> sent back to their author, with the entry that did it (who, when,
    /// the comment): those whose last change of state was a transition that asks for a comment and returns the item to a
    /// draft state (the default workflow's rejection), known by its audit action, whatever the recipe names it.
    /// </summary>
    public async Task<Dictionary<string, AuditEntry>> SentBackAsync(IReadOnlyCollection<string> contentItemIds)
    {
        var sendingBack = CreatableTypes.Select(t => definitions.Current.WorkflowOf(t.Name))
            .SelectMany(w => w.Transitions.Where(t => t.RequiresComment && t.Target == Workflow.TransitionTarget.LatestVersion && w.KindOf(t.To) == Workflow.StateKind.Draft))
            .Select(t => t.AuditAction).Distinct().ToList();
        if (sendingBack.Count == 0 || contentItemIds.Count == 0) return [];
        var lastMoves = db.AuditEntries.Where(a => contentItemIds.Contains(a.ContentItemId) && a.ToStatus != null && a.FromStatus != a.ToStatus)
            .GroupBy(a => a.ContentItemId).Select(g => g.Max(a => a.Id));
        return await db.AuditEntries.AsNoTracking().Where(a => lastMoves.Contains(a.Id) && sendingBack.Contains(a.Action))
            .ToDictionaryAsync(a => a.ContentItemId);
    }

    /// <summary>The original authors of the items listed, for the filter.</summary>
    public Task<List<string>> AuthorsAsync() =>
        FirstVersions.AsNoTracking().Where(f => f.Author != null && Latest(null).Any(v => v.ContentItemId == f.ContentItemId))
            .Select(f => f.Author!).Distinct().OrderBy(a => a).ToListAsync();
}
