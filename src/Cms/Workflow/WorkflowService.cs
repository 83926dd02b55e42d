using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Parts.Autoroute;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Workflow;

/// <summary>What the caller says with a transition: a comment (required to reject), a time (required to schedule).</summary>
public sealed record TransitionRequest(string? Comment, DateTime? PublishAtUtc);

/// <summary>Moves items through the <see cref="EditorialWorkflow"/> and deletes them, with an audit entry for each move.</summary>
public sealed class WorkflowService(CmsDbContext db, ContentDefinitionStore definitions, TimeProvider clock, ContentChangeBus changes)
{
    public const int MaxCommentLength = 4000;

    public async Task<Outcome<ContentItem>> ApplyAsync(string contentItemId, WorkflowTransition transition, TransitionRequest request, Actor actor)
    {
        await using var unit = await UnitOfWork.BeginAsync(db);
        var versions = await db.ContentItemVersions.Include(v => v.Terms)
            .Where(v => v.ContentItemId == contentItemId && (v.Latest || v.Published)).ToListAsync();
        var latest = versions.FirstOrDefault(v => v.Latest);
        if (latest is null) return Refusal.NotFound("There is no such content item.");
        var published = versions.FirstOrDefault(v => v.Published);

        if (!actor.Has(transition.Permission) || !ContentAccess.CanEdit(actor, latest.Owner))
        {
            if (!actor.IsAuthenticated) return Refusal.Unauthenticated();
            return ContentAccess.Refuse(actor, latest.Owner, published is not null, $"You may not {transition.Name} this item.");
        }

        var state = Enum.Parse<ContentStatus>(latest.Status);
        var target = transition.Target == TransitionTarget.PublishedVersion ? published : latest;
        var targetState = transition.Target == TransitionTarget.PublishedVersion && published is not null ? ContentStatus.Published : state;
        if (target is null || !transition.From.Contains(targetState))
        {
            return new Refusal(RefusalKind.Conflict, "Conflict with the current state.",
                $"Cannot {transition.Name} an item that is {state}{(published is null ? "" : " (with a published version)")}.")
            { Extensions = new Dictionary<string, object?> { ["currentStatus"] = latest.Status } };
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var comment = request.Comment?.Trim();
        if (transition.RequiresComment && string.IsNullOrEmpty(comment)) return Invalid("comment", $"A comment is required to {transition.Name}.");
        if (comment?.Length > MaxCommentLength) return Invalid("comment", $"The comment is longer than {MaxCommentLength} characters.");
        if (transition.RequiresPublishAt)
        {
            if (request.PublishAtUtc is not { } at) return Invalid("publishAtUtc", "publishAtUtc is required (an ISO 8601 UTC time).");
            if (at <= now) return Invalid("publishAtUtc", "publishAtUtc must be in the future.");
        }

        var latestItem = ContentRecords.ToItem(latest);
        if (transition.Target == TransitionTarget.PublishedVersion)
        {
            MoveOffline(published!, latest);
        }
        else if (transition.To == ContentStatus.Published)
        {
            if (published is not null && published != latest) SetFlags(published, latest: false, isPublished: false, status: null);
            latestItem.Published = true;
            latestItem.PublishedUtc ??= now;
            latestItem.PublishAtUtc = null;
            latestItem.Status = ContentStatus.Published;
            ContentRecords.Update(latest, latestItem, definitions.Current);
        }
        else
        {
            latestItem.Status = transition.To;
            latestItem.PublishAtUtc = transition.To == ContentStatus.Scheduled ? DateTime.SpecifyKind(request.PublishAtUtc!.Value, DateTimeKind.Utc) : null;
            ContentRecords.Update(latest, latestItem, definitions.Current);
        }

        var resultItem = ContentRecords.ToItem(latest);
        var auditItem = transition.Target == TransitionTarget.PublishedVersion ? ContentRecords.ToItem(published!) : resultItem;
        Audit.Add(db, auditItem, transition.AuditAction, targetState, transition.To, actor, now, comment);
        var readersSeeIt = transition.To == ContentStatus.Published || transition.Target == TransitionTarget.PublishedVersion;
        var change = new ContentChange(contentItemId, latest.ContentType, readersSeeIt ? ContentChangeKind.PublishedChanged : ContentChangeKind.LatestChanged);
        changes.Stage(db, change);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            return Refusal.Conflict("The item changed while this action ran; fetch it and try again.");
        }
        await AutoroutePathClaims.ReleaseUnusedAsync(db, contentItemId);
        await unit.CommitAsync();
        changes.Publish(change);
        return resultItem;
    }

    /// <summary>Removes an item for everyone: no version stays latest or published; rows and audit remain as history.</summary>
    public async Task<Outcome<bool>> DeleteAsync(string contentItemId, Actor actor)
    {
        await using var unit = await UnitOfWork.BeginAsync(db);
        var versions = await db.ContentItemVersions.Include(v => v.Terms)
            .Where(v => v.ContentItemId == contentItemId && (v.Latest || v.Published)).ToListAsync();
        var latest = versions.FirstOrDefault(v => v.Latest);
        if (latest is null) return Refusal.NotFound("There is no such content item.");
        var everPublished = versions.Any(v => v.Published) || latest.PublishedUtc is not null;
        if (!ContentAccess.CanDelete(actor, latest, everPublished))
        {
            if (!actor.IsAuthenticated) return Refusal.Unauthenticated();
            return ContentAccess.Refuse(actor, latest.Owner, versions.Any(v => v.Published), "You may not delete this item.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        Audit.Add(db, ContentRecords.ToItem(latest), "Deleted", Enum.Parse<ContentStatus>(latest.Status), null, actor, now);
        foreach (var version in versions) SetFlags(version, latest: false, isPublished: false, status: null);
        var change = new ContentChange(contentItemId, latest.ContentType, ContentChangeKind.PublishedChanged);
        changes.Stage(db, change);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            return Refusal.Conflict("The item changed while it was being deleted; try again.");
        }
        await AutoroutePathClaims.ReleaseUnusedAsync(db, contentItemId);
        await unit.CommitAsync();
        changes.Publish(change);
        return true;
    }

    /// <summary>Publishes every scheduled item whose time has come, as the system. Returns how many went live.</summary>
    public async Task<int> PublishDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.ContentItemVersions.AsNoTracking()
            .Where(v => v.Latest && v.Status == nameof(ContentStatus.Scheduled) && v.PublishAtUtc <= now)
            .OrderBy(v => v.PublishAtUtc).Select(v => v.ContentItemId).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var result = await ApplyAsync(id, EditorialWorkflow.Publish, new TransitionRequest(null, null), Actor.System);
            if (result.Succeeded) count++;
        }
        return count;
    }

    /// <summary>Takes the published version offline; if it is also the latest, the item is a draft again.</summary>
    private void MoveOffline(ContentItemVersion published, ContentItemVersion latest) =>
        SetFlags(published, latest: published.Latest, isPublished: false, status: published == latest ? ContentStatus.Draft : null);

    private void SetFlags(ContentItemVersion record, bool latest, bool isPublished, ContentStatus? status)
    {
        var item = ContentRecords.ToItem(record);
        item.Latest = latest;
        item.Published = isPublished;
        if (status is { } s) item.Status = s;
        ContentRecords.Update(record, item, definitions.Current);
    }

    private static Refusal Invalid(string field, string message) =>
        Refusal.Invalid(message, new Dictionary<string, string[]> { [field] = [message] });
}
