namespace Cms.Security;

/// <summary>
/// Who is acting, with the permissions their roles grant: what domain code needs to know of a caller. An integration
/// client (a server signed in with <c>client_credentials</c>) has no user id: it owns nothing, and holds the permissions
/// an administrator gave it.
/// </summary>
public sealed record Actor(string? UserId, string? UserName, IReadOnlySet<string> Permissions)
{
    /// <summary>Where the actor's changes come from (the change feed's <c>source</c>): the API, the admin, the scheduler, an import, a recipe.</summary>
    public string Source { get; init; } = Changes.ChangeSources.Api;

    /// <summary>The integration client acting, when it is one (<see cref="UserId"/> is then null).</summary>
    public string? ClientId { get; init; }

    public bool IsAuthenticated => UserId is not null || ClientId is not null;

    public bool Has(string permission) => Permissions.Contains(permission);

    public bool Owns(string? owner) => UserId is not null && owner == UserId;

    /// <summary>The general permission, or the "own" variant when the item is the actor's.</summary>
    public bool HasFor(string? owner, string anyPermission, string ownPermission) =>
        Has(anyPermission) || (Owns(owner) && Has(ownPermission));

    /// <summary>
    /// Null when the actor holds <paramref name="permission"/>; otherwise the refusal: 401 for a caller who has not
    /// signed in, 403 naming the permission ("<paramref name="action"/> needs the … permission.") for one who has.
    /// </summary>
    public Cms.Content.Refusal? Lacks(string permission, string action) =>
        Has(permission) ? null
        : IsAuthenticated ? Cms.Content.Refusal.Forbidden($"{action} needs the {permission} permission.")
        : Cms.Content.Refusal.Unauthenticated();

    /// <summary>The system itself (the scheduler, recipes run at setup): every permission.</summary>
    public static Actor System { get; } = new(null, "system", Security.Permissions.All) { Source = Changes.ChangeSources.Scheduler };
}
