using System.Security.Claims;
using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Content;
using Cms.Security;
using Microsoft.AspNetCore.Identity;

namespace Cms.Recipes.Steps;

/// <summary><c>Roles</c>: creates roles and grants them permissions (added to what they have; nothing is taken away).</summary>
public sealed class RolesStep(RoleManager<IdentityRole> roles, ContentLifecycle lifecycle, ILogger<RolesStep> logger) : IRecipeStep
{
    public string Name => "Roles";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        if (context.Step["Roles"] is not JsonArray list) throw new RecipeException($"{context.Where}: 'Roles' must be an array.");
        var changed = new JsonArray();
        foreach (var (node, index) in list.Select((n, i) => (n, i)))
        {
            var name = node?["Name"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
            if (name is null) throw new RecipeException($"{context.Where}, Roles[{index}]: a role needs a Name.");

            var role = await roles.FindByNameAsync(name);
            if (role is null)
            {
                role = new IdentityRole(name);
                Check(await roles.CreateAsync(role), context, name);
            }
            var granted = (await roles.GetClaimsAsync(role)).Where(c => c.Type == Permissions.ClaimType).Select(c => c.Value).ToHashSet();
            foreach (var permission in (node!["Permissions"] as JsonArray ?? []).Select(p => p?.GetValue<string>()).OfType<string>())
            {
                if (!Permissions.All.Contains(permission))
                {
                    logger.LogInformation("{Where}: role {Role}: permission {Permission} has no meaning here; skipped.", context.Where, name, permission);
                    continue;
                }
                if (granted.Add(permission)) Check(await roles.AddClaimAsync(role, new Claim(Permissions.ClaimType, permission)), context, name);
            }
            changed.Add(name);
        }
        lifecycle.Record(ChangeEvents.RolesChanged, context.RunAs, new JsonObject { ["roles"] = changed });
    }

    private static void Check(IdentityResult result, RecipeStepContext context, string role)
    {
        if (!result.Succeeded)
        {
            throw new RecipeException($"{context.Where}, role '{role}': {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
