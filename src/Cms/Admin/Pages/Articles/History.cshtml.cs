using Cms.Content;
using Cms.Data;
using Cms.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cms.Admin.Pages.Articles;

/// <summary>
/// Versions, audit trail, a word-level diff between any two versions, and restoring an old version as a new one:
/// <c>?restore={versionId}</c> first shows what restoring would change, and only its form restores.
/// </summary>
public sealed class HistoryModel(ContentQueries queries, ContentWriter writer, CmsDbContext db, DiffUserNames userNames) : PageModel
{
    public ContentHistory History { get; private set; } = null!;
    public ContentDiff? Diff { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public string? Message { get; private set; }
    public string ContentType => History.ContentType;

    /// <summary>The version a restore would bring back, shown for confirmation with <see cref="RestoreDiff"/>; null otherwise.</summary>
    public VersionSummary? ToRestore { get; private set; }

    /// <summary>What restoring <see cref="ToRestore"/> changes, from the latest version to it.</summary>
    public ContentDiff? RestoreDiff { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string? from, string? to, string? restore)
    {
        var actor = await HttpContext.GetActorAsync();
        var history = await queries.GetHistoryAsync(id, actor);
        if (!history.Succeeded) return NotFound();
        History = history.Value!;
        var versions = History.Versions;
        From = versions.Any(v => v.ContentItemVersionId == from) ? from : versions.Count > 1 ? versions[^2].ContentItemVersionId : null;
        To = versions.Any(v => v.ContentItemVersionId == to) ? to : versions.LastOrDefault()?.ContentItemVersionId;
        if (From is not null && To is not null)
        {
            var diff = await queries.DiffAsync(id, From, To, actor);
            if (diff.Succeeded) Diff = diff.Value;
        }
        if (restore is not null)
        {
            ToRestore = versions.FirstOrDefault(v => v.ContentItemVersionId == restore && !v.Latest);
            if (ToRestore is null) return NotFound();
            var latest = versions.First(v => v.Latest);
            var diff = await queries.DiffAsync(id, latest.ContentItemVersionId, ToRestore.ContentItemVersionId, actor);
            if (diff.Succeeded) RestoreDiff = diff.Value;
        }
        // Users' names for both diffs at once: one lookup for the page.
        var shown = await userNames.ShowAsync(History.ContentType, Diff, RestoreDiff);
        (Diff, RestoreDiff) = (shown[0], shown[1]);
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(string id, string versionId)
    {
        var actor = await HttpContext.GetActorAsync();
        var history = await queries.GetHistoryAsync(id, actor);
        if (!history.Succeeded) return NotFound();
        var record = await db.ContentItemVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ContentItemId == id && v.ContentItemVersionId == versionId);
        var latest = history.Value!.Versions.FirstOrDefault(v => v.Latest);
        if (record is null || latest is null) return NotFound();
        var old = ContentRecords.ToItem(record);
        var input = old.Content.DeepClone().AsObject();
        input["ContentType"] = old.ContentType;
        // A new version on top of the latest, through the lifecycle like any save: nothing is rewritten, and the audit says it was a restore.
        var saved = await writer.SaveDraftAsync(id, latest.ContentItemVersionId, input, actor, auditAction: "Restored");
        if (saved.Succeeded) return Redirect($"/admin/articles/{id}?m=restored");
        if (saved.Refusal!.Kind == RefusalKind.Forbidden) return Forbid();
        History = history.Value;
        Message = StateLabels.Refusal(saved.Refusal);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
