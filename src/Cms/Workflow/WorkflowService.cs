using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Security;
using Cms.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Cms.Workflow;

/// <summary>What the caller says with a transition: a comment (required by some), a time (required to schedule).</summary>
public sealed record TransitionRequest(string? Comment, DateTime? PublishAtUtc);

/// <summary>
/// Who may move items through their type's workflow (<see cref="ContentWorkflow"/>, data from the recipe) and delete them;
/// the <see cref="ContentLifecycle"/> does the moving.
/// </summary>
public sealed class WorkflowService(ContentLifecycle lifecycle, ContentDefinitionStore definitions, CmsDbContext db, CmsMetrics metrics, TimeProvider clock)
{
    public const int MaxCommentLength = 4000;

    public async Task<Outcome<ContentItem>> ApplyAsync(string contentItemId, string transitionName, TransitionRequest request, Actor actor)
    {
        await using var unit = await lifecycle.BeginAsync();
        var current = await lifecycle.LoadAsync(contentItemId);
        if (current is null) return Refusal.NotFound("There is no such content item.");
        var workflow = definitions.Current.WorkflowOf(current.ContentType);
        var transition = workflow.Transition(transitionName);
        if (transition is null)
        {
            return ContentAccess.CanPreview(actor, current.Owner) || current.HasPublished
                ? Refusal.NotFound($"The workflow of {current.ContentType} has no transition '{transitionName}' ({string.Join(", ", workflow.Transitions.Select(t => t.Name))}).")
                : Refusal.NotFound("There is no such content item.");
        }

        if (!actor.Has(transition.Permission) || !ContentAccess.CanEdit(actor, current.Owner))
        {
            if (!actor.IsAuthenticated) return Refusal.Unauthenticated();
            return ContentAccess.Refuse(actor, current.Owner, current.HasPublished, $"You may not {transition.Name} this item.");
        }

        var onPublished = transition.Target == TransitionTarget.PublishedVersion;
        var targetState = onPublished && current.HasPublished ? current.Published!.Status : current.State;
        if ((onPublished && !current.HasPublished) || !transition.From.Contains(targetState))
        {
            return new Refusal(RefusalKind.Conflict, "Conflict with the current state.",
                $"Cannot {transition.Name} an item that is {current.State}{(current.HasPublished ? " (with a published version)" : "")}.")
            { Extensions = new Dictionary<string, object?> { ["currentStatus"] = current.State } };
        }

        var comment = request.Comment?.Trim();
        if (transition.RequiresComment && string.IsNullOrEmpty(comment)) return Invalid("comment", $"A comment is required to {transition.Name}.");
        if (comment?.Length > MaxCommentLength) return Invalid("comment", $"The comment is longer than {MaxCommentLength} characters.");
        if (transition.RequiresPublishAt)
        {
            if (request.PublishAtUtc is not { } at) return Invalid("publishAtUtc", "publishAtUtc is required (an ISO 8601 UTC time).");
            if (at <= clock.GetUtcNow().UtcDateTime) return Invalid("publishAtUtc", "publishAtUtc must be in the future.");
        }

        var note = TransitionNote.Of(transition, string.IsNullOrEmpty(comment) ? null : comment);
        var moved = onPublished ? await lifecycle.UnpublishAsync(current, transition.To, actor, note)
            : transition.To == workflow.Published.Name ? await lifecycle.PublishAsync(current, actor, note)
            : await lifecycle.ChangeStateAsync(current, transition.To,
                request.PublishAtUtc is { } when ? DateTime.SpecifyKind(when, DateTimeKind.Utc) : null, actor, note);
        if (!moved.Succeeded) return moved;
        await unit.CommitAsync();
        metrics.Transitioned(transition.Name);
        if (transition.To == workflow.Published.Name && !onPublished) metrics.Published(actor.Source);
        return moved;
    }

    /// <summary>Removes an item for everyone: no version stays latest or published; rows and audit remain as history.</summary>
    public async Task<Outcome<bool>> DeleteAsync(string contentItemId, Actor actor)
    {
        await using var unit = await lifecycle.BeginAsync();
        var current = await lifecycle.LoadAsync(contentItemId);
        if (current is null) return Refusal.NotFound("There is no such content item.");
        var kind = definitions.Current.WorkflowOf(current.ContentType).KindOf(current.State);
        if (!ContentAccess.CanDelete(actor, current.Owner, kind, current.EverPublished))
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
        var scheduled = definitions.Current.ScheduledStates;
        var due = await db.ContentItemVersions.AsNoTracking()
            .Where(v => v.Latest && scheduled.Contains(v.Status) && v.PublishAtUtc <= now)
            .OrderBy(v => v.PublishAtUtc).Select(v => new { v.ContentItemId, v.ContentType, v.Status }).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var item in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            db.ChangeTracker.Clear();
            // The type's own transition from this scheduled state to publication, as the system holds every permission.
            var transition = definitions.Current.WorkflowOf(item.ContentType).PublicationFrom(item.Status);
            if (transition is null) continue;
            var result = await ApplyAsync(item.ContentItemId, transition.Name, new TransitionRequest(null, null), Actor.System);
            if (result.Succeeded) count++;
        }
        return count;
    }

    private static Refusal Invalid(string field, string message) =>
        Refusal.Invalid(message, new Dictionary<string, string[]> { [field] = [message] });
}
