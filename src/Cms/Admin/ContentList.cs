using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Admin;

public sealed record ContentListFilter(string? State, string? Category, string? Author, string? Text, bool OldestFirst, int Page, int PageSize = 20)
{
    /// <summary>One type, or null for every type the newsroom creates.</summary>
    public string? Type { get; init; }

    /// <summary>Any of these states (the review queue: every state of kind Review), besides <see cref="State"/>.</summary>
    public IReadOnlyCollection<string>? StatesIn { get; init; }
}

public sealed record ContentRow(string ContentItemId, string ContentType, string? Title, string Status, bool HasPublished, string? Author, string? Owner,
    DateTime? ModifiedUtc, DateTime? PublishAtUtc);

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
        if (!string.IsNullOrEmpty(filter.Category)) versions = versions.Where(v => v.Terms.Any(t => t.TermContentItemId == filter.Category));
        if (!string.IsNullOrEmpty(filter.Author)) versions = versions.Where(v => v.Author == filter.Author);
        if (!string.IsNullOrWhiteSpace(filter.Text)) versions = dialect.TitleContains(versions, filter.Text.Trim());
        var total = await versions.CountAsync();
        var ordered = filter.OldestFirst ? versions.OrderBy(v => v.ModifiedUtc).ThenBy(v => v.Id) : versions.OrderByDescending(v => v.ModifiedUtc).ThenByDescending(v => v.Id);
        var page = Math.Max(1, filter.Page);
        // A page past the end shows nothing; one so far that its offset is no int is past the end too.
        var skip = (int)Math.Min((long)(page - 1) * filter.PageSize, int.MaxValue);
        var rows = await ordered.Skip(skip).Take(filter.PageSize)
            .Select(v => new ContentRow(v.ContentItemId, v.ContentType, v.DisplayText, v.Status,
                v.Published || db.ContentItemVersions.Any(p => p.ContentItemId == v.ContentItemId && p.Published),
                v.Author, v.Owner, v.ModifiedUtc, v.PublishAtUtc))
            .ToListAsync();
        return new ContentRows(rows, total);
    }

    public async Task<Dictionary<string, int>> CountByStateAsync(Actor actor)
    {
        var self = actor.UserId ?? "";
        var versions = Latest(null);
        if (!actor.Has(Permissions.PreviewContent)) versions = versions.Where(v => v.Owner == self);
        return await versions.GroupBy(v => v.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    /// <summary>When each item was last submitted for review: how long it has been waiting in the queue.</summary>
    public async Task<Dictionary<string, DateTime>> SubmittedAtAsync(IReadOnlyCollection<string> contentItemIds) =>
        await db.AuditEntries.AsNoTracking().Where(a => a.Action == "Submitted" && contentItemIds.Contains(a.ContentItemId))
            .GroupBy(a => a.ContentItemId).Select(g => new { g.Key, Utc = g.Max(a => a.Utc) })
            .ToDictionaryAsync(g => g.Key, g => g.Utc);

    public Task<List<string>> AuthorsAsync() =>
        Latest(null).Where(v => v.Author != null)
            .Select(v => v.Author!).Distinct().OrderBy(a => a).ToListAsync();
}
