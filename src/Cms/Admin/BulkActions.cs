using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Security;
using Cms.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Cms.Admin;

/// <summary>What one item of a bulk action came to: done, or refused with the reason in French.</summary>
public sealed record BulkItemResult(string ContentItemId, string Title, string? Refused);

/// <summary>
/// Per item, what a bulk action did, and the sentence that sums it up ("3 publiés ; 1 refusé : « Titre » — …");
/// <see cref="DoneWord"/> has "{s}" where the plural takes an s.
/// </summary>
public sealed record BulkReport(string DoneWord, IReadOnlyList<BulkItemResult> Items)
{
    public IEnumerable<BulkItemResult> Done => Items.Where(i => i.Refused is null);

    public IEnumerable<BulkItemResult> Refused => Items.Where(i => i.Refused is not null);

    public string Summary
    {
        get
        {
            var done = Done.Count();
            var refused = Refused.ToList();
            var text = $"{done} {DoneWord.Replace("{s}", done > 1 ? "s" : "")}";
            if (refused.Count == 0) return text + ".";
            return text + $" ; {refused.Count} refusé{(refused.Count > 1 ? "s" : "")} : "
                + string.Join(" ; ", refused.Select(r => $"« {r.Title} » — {r.Refused}")) + ".";
        }
    }
}

/// <summary>
/// The articles list's bulk actions. Each item goes through the same services as the editor's buttons (the workflow's
/// transitions with their permissions, the writer, the delete rules), in its own lifecycle transaction, so that one
/// refused item leaves the others done and nothing is bypassed.
/// </summary>
public sealed class BulkActions(WorkflowService workflow, ContentWriter writer, CmsDbContext db, ContentDefinitionStore definitions)
{
    public const int MaxItems = 100;

    public Task<BulkReport> PublishAsync(IReadOnlyCollection<string> ids, Actor actor) => EachAsync(ids, "publié{s}", actor, async (item, flow) =>
        flow.PublicationFrom(item.Status) is { } transition
            ? Reason((await workflow.ApplyAsync(item.ContentItemId, transition.Name, new TransitionRequest(null, null), actor)).Refusal, "publier")
            : $"son état (« {StateLabels.Of(item.Status, flow)} ») ne permet pas de le publier");

    public Task<BulkReport> UnpublishAsync(IReadOnlyCollection<string> ids, Actor actor) => EachAsync(ids, "dépublié{s}", actor, async (item, flow) =>
        flow.Transitions.FirstOrDefault(t => t.Target == TransitionTarget.PublishedVersion) is { } transition && item.HasPublished
            ? Reason((await workflow.ApplyAsync(item.ContentItemId, transition.Name, new TransitionRequest(null, null), actor)).Refusal, "dépublier")
            : "il n’est pas en ligne");

    public Task<BulkReport> DeleteAsync(IReadOnlyCollection<string> ids, Actor actor) => EachAsync(ids, "supprimé{s}", actor, async (item, _) =>
        Reason((await workflow.DeleteAsync(item.ContentItemId, actor)).Refusal, "supprimer"));

    /// <summary>
    /// Sets the field in the Category role to <paramref name="categoryId"/>: a new version through the writer, as a save in
    /// the editor would make (a published article's live version stays until the new one is published).
    /// </summary>
    public Task<BulkReport> MoveToCategoryAsync(IReadOnlyCollection<string> ids, string categoryId, Actor actor) =>
        EachAsync(ids, "changé{s} de rubrique", actor, async (item, _) =>
        {
            if (definitions.Current.Role(item.ContentType, FieldRoles.Category) is not { } field) return "ce type de contenu n’a pas de rubrique";
            var record = await db.ContentItemVersions.AsNoTracking().FirstAsync(v => v.ContentItemId == item.ContentItemId && v.Latest);
            var latest = ContentRecords.ToItem(record);
            var input = latest.Content.DeepClone().AsObject();
            input["ContentType"] = latest.ContentType;
            if (input[field.PartName] is not JsonObject part) input[field.PartName] = part = [];
            part[field.Field.Name] = new JsonObject { ["TermContentItemIds"] = new JsonArray(categoryId) };
            return Reason((await writer.SaveDraftAsync(item.ContentItemId, record.ContentItemVersionId, input, actor)).Refusal, "modifier");
        });

    private sealed record Target(string ContentItemId, string ContentType, string? Title, string Status, bool HasPublished, string? Owner);

    /// <summary>Runs <paramref name="act"/> on each item in turn; it answers null when done, else why not.</summary>
    private async Task<BulkReport> EachAsync(IReadOnlyCollection<string> ids, string doneWord, Actor actor, Func<Target, ContentWorkflow, Task<string?>> act)
    {
        var wanted = ids.Distinct().Take(MaxItems).ToList();
        var targets = await db.ContentItemVersions.AsNoTracking().Where(v => v.Latest && wanted.Contains(v.ContentItemId))
            .Select(v => new Target(v.ContentItemId, v.ContentType, v.DisplayText, v.Status,
                v.Published || db.ContentItemVersions.Any(p => p.ContentItemId == v.ContentItemId && p.Published), v.Owner))
            .ToDictionaryAsync(t => t.ContentItemId);
        var results = new List<BulkItemResult>();
        foreach (var id in wanted)
        {
            // An item the user may not see is named by nothing but "introuvable": a bulk action reveals no one's drafts.
            if (!targets.TryGetValue(id, out var target) || !(target.HasPublished || ContentAccess.CanPreview(actor, target.Owner)))
            {
                results.Add(new BulkItemResult(id, "(introuvable)", "cet article n’existe pas ou plus"));
                continue;
            }
            // Each item is its own unit of work: what a refused or conflicting item left tracked must not reach the next.
            db.ChangeTracker.Clear();
            var refused = await act(target, definitions.Current.WorkflowOf(target.ContentType));
            results.Add(new BulkItemResult(id, string.IsNullOrEmpty(target.Title) ? "(sans titre)" : target.Title, refused));
        }
        return new BulkReport(doneWord, results);
    }

    /// <summary>The French reason for a refusal of the content services, whose details stay in English for API clients.</summary>
    private static string? Reason(Refusal? refusal, string verb) => refusal switch
    {
        null => null,
        { Kind: RefusalKind.Forbidden or RefusalKind.Unauthenticated } => $"vous n’avez pas le droit de {verb} cet article",
        { Kind: RefusalKind.NotFound } => "cet article n’existe pas ou plus",
        { Kind: RefusalKind.Conflict } => $"son état ne le permet pas ({refusal.Detail})",
        { Kind: RefusalKind.Invalid } => $"il ne peut pas être enregistré ainsi ({refusal.Detail})",
        { Kind: RefusalKind.PreconditionFailed } => "il a été modifié entre-temps ; réessayez",
        _ => refusal.Detail,
    };
}
