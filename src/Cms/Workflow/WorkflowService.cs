using Cms.Content;
using Cms.Data;
using Cms.Security;
using Cms.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Cms.Workflow;

/// <summary>What the caller says with a transition: a comment (required to reject), a time (required to schedule).</summary>
public sealed record TransitionRequest(string? Comment, DateTime? PublishAtUtc);

/// <summary>Who may move items through the <see cref="EditorialWorkflow"/> and delete them; the <see cref="ContentLifecycle"/> does the moving.</summary>
public sealed class WorkflowService(ContentLifecycle lifecycle, CmsDbContext db, CmsMetrics metrics, TimeProvider clock)
{
    public const int MaxCommentLength = 4000;

    public async Task<Outcome<ContentItem>> ApplyAsync(string contentItemId, WorkflowTransition transition, TransitionRequest request, Actor actor)
    {
        await using var unit = await lifecycle.BeginAsync();
        var current = await lifecycle.LoadAsync(contentItemId);
        if (current is null) return Refusal.NotFound("There is no such content item.");

        if (!actor.Has(transition.Permission) || !ContentAccess.CanEdit(actor, current.Owner))
        {
            if (!actor.IsAuthenticated) return Refusal.Unauthenticated();
            return ContentAccess.Refuse(actor, current.Owner, current.HasPublished, $"You may not {transition.Name} this item.");
        }

        var state = current.State;
        var onPublished = transition.Target == TransitionTarget.PublishedVersion;
        var targetState = onPublished && current.HasPublished ? ContentStatus.Published : state;
        if ((onPublished && !current.HasPublished) || !transition.From.Contains(targetState))
        {
            return new Refusal(RefusalKind.Conflict, "Conflict with the current state.",
                $"Cannot {transition.Name} an item that is {state}{(current.HasPublished ? " (with a published version)" : "")}.")
            { Extensions = new Dictionary<string, object?> { ["currentStatus"] = current.Latest.Status } };
        }

        var comment = request.Comment?.Trim();
        if (transition.RequiresComment && string.IsNullOrEmpty(comment)) return Invalid("comment", $"A comment is required to {transition.Name}.");
        if (comment?.Length > MaxCommentLength) return Invalid("comment", $"The comment is longer than {MaxCommentLength} characters.");
        if (transition.RequiresPublishAt)
        {
            if (request.PublishAtUtc is not { } at) return Invalid("publishAtUtc", "publishAtUtc is required (an ISO 8601 UTC time).");
            if (at <= clock.GetUtcNow().UtcDateTime) return Invalid("publishAtUtc", "publishAtUtc must be in the future.");
        }

        var note = new TransitionNote(transition.Name, transition.AuditAction, string.IsNullOrEmpty(comment) ? null : comment);
        var moved = onPublished ? await lifecycle.UnpublishAsync(current, actor, note)
            : transition.To == ContentStatus.Published ? await lifecycle.PublishAsync(current, actor, note)
            : await lifecycle.ChangeStateAsync(current, transition.To,
                request.PublishAtUtc is { } when ? DateTime.SpecifyKind(when, DateTimeKind.Utc) : null, actor, note);
        if (!moved.Succeeded) return moved;
        await unit.CommitAsync();
        metrics.Transitioned(transition.Name);
        if (transition.To == ContentStatus.Published && !onPublished) metrics.Published(actor.Source);
        return moved;
    }

    /// <summary>Removes an item for everyone: no version stays latest or published; rows and audit remain as history.</summary>
    public async Task<Outcome<bool>> DeleteAsync(string contentItemId, Actor actor)
    {
        await using var unit = await lifecycle.BeginAsync();
        var current = await lifecycle.LoadAsync(contentItemId);
        if (current is null) return Refusal.NotFound("There is no such content item.");
        if (!ContentAccess.CanDelete(actor, current.Latest, current.EverPublished))
        {
            if (!actor.IsAuthenticated) return Refusal.Unauthenticated();
            return ContentAccess.Refuse(actor, current.Owner, current.HasPublished, "You may not delete this item.");
        }
        var removed = await lifecycle.RemoveAsync(current, actor);
        if (removed.Succeeded) await unit.CommitAsync();
        return removed;
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
            cancellationToken.ThrowIfCancellationRequested();
            db.ChangeTracker.Clear();
            var result = await ApplyAsync(id, EditorialWorkflow.Publish, new TransitionRequest(null, null), Actor.System);
            if (result.Succeeded) count++;
        }
        return count;
    }

    private static Refusal Invalid(string field, string message) =>
        Refusal.Invalid(message, new Dictionary<string, string[]> { [field] = [message] });
}
