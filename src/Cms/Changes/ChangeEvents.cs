namespace Cms.Changes;

/// <summary>
/// The change feed's event names, fixed for every follower (caches, search, webhooks, imports). A transition writes the
/// event of what it does (<c>content.published</c>, <c>content.scheduled</c>, <c>content.unpublished</c>) and
/// <c>content.transitioned</c> for the others (submit, reject, a newsroom's own steps); each carries the transition's
/// name and the states it moved between.
/// </summary>
public static class ChangeEvents
{
    public const string ContentCreated = "content.created";
    public const string ContentUpdated = "content.updated";
    public const string ContentTransitioned = "content.transitioned";
    public const string ContentPublished = "content.published";
    public const string ContentUnpublished = "content.unpublished";
    public const string ContentScheduled = "content.scheduled";
    public const string ContentDeleted = "content.deleted";
    public const string CategoryCreated = "category.created";
    public const string CategoryUpdated = "category.updated";
    public const string CategoryMoved = "category.moved";
    public const string CategoryDeleted = "category.deleted";
    public const string DefinitionsChanged = "definitions.changed";
    public const string RolesChanged = "roles.changed";
    public const string MediaUpdated = "media.updated";
    public const string MediaDeleted = "media.deleted";

    /// <summary>An integration client was created, changed or revoked: every node drops what it knows of clients.</summary>
    public const string ClientsChanged = "clients.changed";

    /// <summary>Old addresses were added (an import): every node reloads its redirects.</summary>
    public const string RedirectsChanged = "redirects.changed";

    /// <summary>An author's public profile changed (name, bio, photo, page address): every node drops its cached pages.</summary>
    public const string UserProfileChanged = "users.profile-changed";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        ContentCreated, ContentUpdated, ContentTransitioned, ContentPublished, ContentUnpublished, ContentScheduled, ContentDeleted,
        CategoryCreated, CategoryUpdated, CategoryMoved, CategoryDeleted, DefinitionsChanged, RolesChanged, MediaUpdated, MediaDeleted, ClientsChanged, RedirectsChanged, UserProfileChanged,
    };
}

/// <summary>Where a change came from; a follower may leave some out (a webhook that ignores imports).</summary>
public static class ChangeSources
{
    public const string Api = "api";
    public const string Admin = "admin";
    public const string Scheduler = "scheduler";
    public const string Import = "import";
    public const string Recipe = "recipe";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Api, Admin, Scheduler, Import, Recipe };
}
