using Cms.Content;
using Cms.Security;

namespace Cms.Workflow;

/// <summary>Which version a transition moves: the latest one, or the one readers see.</summary>
public enum TransitionTarget
{
    LatestVersion,
    PublishedVersion,
}

/// <summary>
/// One step of the editorial workflow, as data: the states it leaves, the state it reaches, the permission it
/// needs, and what the caller must say. A new step ("legal review") is a new row here, not new code.
/// </summary>
public sealed record WorkflowTransition(
    string Name,
    string AuditAction,
    IReadOnlySet<ContentStatus> From,
    ContentStatus To,
    string Permission,
    TransitionTarget Target = TransitionTarget.LatestVersion,
    bool RequiresComment = false,
    bool RequiresPublishAt = false);

public static class EditorialWorkflow
{
    public static readonly WorkflowTransition Submit = new("submit", "Submitted",
        new HashSet<ContentStatus> { ContentStatus.Draft }, ContentStatus.InReview, Permissions.SubmitForReview);

    public static readonly WorkflowTransition Reject = new("reject", "Rejected",
        new HashSet<ContentStatus> { ContentStatus.InReview, ContentStatus.Scheduled }, ContentStatus.Draft, Permissions.PublishContent,
        RequiresComment: true);

    public static readonly WorkflowTransition Publish = new("publish", "Published",
        new HashSet<ContentStatus> { ContentStatus.Draft, ContentStatus.InReview, ContentStatus.Scheduled }, ContentStatus.Published, Permissions.PublishContent);

    public static readonly WorkflowTransition Schedule = new("schedule", "Scheduled",
        new HashSet<ContentStatus> { ContentStatus.Draft, ContentStatus.InReview }, ContentStatus.Scheduled, Permissions.PublishContent,
        RequiresPublishAt: true);

    public static readonly WorkflowTransition Unpublish = new("unpublish", "Unpublished",
        new HashSet<ContentStatus> { ContentStatus.Published }, ContentStatus.Draft, Permissions.PublishContent,
        Target: TransitionTarget.PublishedVersion);

    public static readonly IReadOnlyList<WorkflowTransition> All = [Submit, Reject, Publish, Schedule, Unpublish];

    public static WorkflowTransition? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
