using Cms.Data;
using Cms.Security;

namespace Cms.Content;

/// <summary>Who may see and change an item, from the actor's permissions and the item's owner.</summary>
public static class ContentAccess
{
    /// <summary>Unpublished versions are for their owner and for those with PreviewContent.</summary>
    public static bool CanPreview(Actor actor, string? owner) =>
        actor.Has(Permissions.PreviewContent) || (actor.Owns(owner) && actor.Has(Permissions.EditOwnContent));

    /// <summary>Whether the actor may preview any unpublished version at all: every item (PreviewContent), or their own.</summary>
    public static bool CanPreviewSome(Actor actor) =>
        actor.Has(Permissions.PreviewContent) || (actor.IsAuthenticated && actor.Has(Permissions.EditOwnContent));

    public static bool CanEdit(Actor actor, string? owner) =>
        actor.HasFor(owner, Permissions.EditContent, Permissions.EditOwnContent);

    /// <summary>Anyone's items with DeleteContent; one's own only while it is a draft that was never published.</summary>
    public static bool CanDelete(Actor actor, string? owner, Workflow.StateKind state, bool everPublished) =>
        actor.Has(Permissions.DeleteContent)
        || (actor.Owns(owner) && actor.Has(Permissions.DeleteOwnContent) && !everPublished && state == Workflow.StateKind.Draft);

    /// <summary>
    /// The refusal for an item the actor may not act on: a 403 when they may at least see that it exists
    /// (it is published, or theirs to preview), a 404 otherwise, so that drafts are never revealed.
    /// </summary>
    public static Refusal Refuse(Actor actor, string? owner, bool isPublished, string detail) =>
        isPublished || CanPreview(actor, owner) ? Refusal.Forbidden(detail) : Refusal.NotFound("There is no such content item.");
}
