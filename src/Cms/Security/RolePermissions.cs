using System.Collections.Concurrent;
using System.Security.Claims;
using Cms.Changes;
using Cms.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cms.Security;

/// <summary>
/// The permissions of each role, kept in memory so that checking a request costs no database round trip.
/// Refreshed whenever a role's permissions change.
/// </summary>
public sealed class RolePermissions(IServiceScopeFactory scopes) : IChangeFeedListener
{
    private volatile Snapshot? _snapshot;
    private readonly SemaphoreSlim _loading = new(1, 1);

    public async Task<Actor> GetActorAsync(ClaimsPrincipal principal)
    {
        var snapshot = _snapshot ?? await LoadAsync();
        var userId = principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        if (userId is null) return new Actor(null, null, snapshot.For([Roles.Anonymous]));

        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Append(Roles.Authenticated).Append(Roles.Anonymous)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new Actor(userId, principal.Identity!.Name, snapshot.For(roles));
    }

    public void Invalidate() => _snapshot = null;

    public ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Any(e => e.Event == ChangeEvents.RolesChanged)) Invalidate();
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        Invalidate();
        return ValueTask.CompletedTask;
    }

    private sealed class Snapshot(IReadOnlyDictionary<string, IReadOnlySet<string>> byRole)
    {
        private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _byRoleSet = new(StringComparer.Ordinal);

        public IReadOnlySet<string> For(string[] roles) =>
            _byRoleSet.GetOrAdd(string.Join('\n', roles), _ =>
            {
                var set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var role in roles)
                {
                    if (byRole.TryGetValue(role, out var permissions)) set.UnionWith(permissions);
                }
                // Administrators own the site: they hold every permission, also those a newer version adds to a database
                // whose roles were set up before it.
                if (roles.Contains(Roles.Administrator, StringComparer.Ordinal)) set.UnionWith(Permissions.All);
                return set;
            });
    }

    private async Task<Snapshot> LoadAsync()
    {
        await _loading.WaitAsync();
        try
        {
            if (_snapshot is { } loaded) return loaded;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var rows = await (from role in db.Roles
                              join claim in db.RoleClaims on role.Id equals claim.RoleId into claims
                              from claim in claims.DefaultIfEmpty()
                              select new { role.Name, claim.ClaimType, claim.ClaimValue }).ToListAsync();
            var byRole = rows.GroupBy(r => r.Name!, StringComparer.Ordinal).ToDictionary(
                g => g.Key,
                g => (IReadOnlySet<string>)g.Where(r => r.ClaimType == Permissions.ClaimType && r.ClaimValue is not null)
                    .Select(r => r.ClaimValue!).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
            var snapshot = new Snapshot(byRole);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }
}

/// <summary>
/// Turns the current request's user, or integration client, into an <see cref="Actor"/>; changes made from /admin are
/// the admin's, others the API's. A token of a client that was revoked since is nobody's: the caller is anonymous.
/// </summary>
public static class ActorHttpContextExtensions
{
    public static async Task<Actor> GetActorAsync(this HttpContext context)
    {
        var services = context.RequestServices;
        var roles = services.GetRequiredService<RolePermissions>();
        var principal = context.User;
        var actor = principal.Identity?.IsAuthenticated == true && principal.FindFirstValue(Clients.IntegrationClient.ClaimType) is { } clientId
            ? await services.GetRequiredService<Clients.IntegrationClientCache>().GetActorAsync(clientId) ?? await roles.GetActorAsync(new ClaimsPrincipal())
            : await roles.GetActorAsync(principal);
        return context.Request.Path.StartsWithSegments("/admin") ? actor with { Source = ChangeSources.Admin } : actor;
    }
}
