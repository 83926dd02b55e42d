using System.Text.Json.Nodes;
using Cms.Api;
using Cms.Authors;
using Cms.Content;
using Cms.Data;
using Cms.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Cms.OpenApi;

namespace Cms.Users;

public sealed record UserSummary(string Id, string UserName, string? Email, IReadOnlyList<string> Roles, bool LockedOut);

/// <summary><c>/api/users</c>: list and create users (ManageUsers).</summary>
public static class UsersApi
{
    public static void MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").DisableAntiforgery().WithTags("Users")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        api.MapGet("/", ListAsync).WithSummary("List the users").Produces<IReadOnlyList<UserSummary>>();
        api.MapPost("/", CreateAsync).WithSummary("Create a user")
            .Reads<UserBody>().Produces<UserSummary>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/{userId}/profile", GetProfileAsync).WithSummary("A user's public author profile (the user, or ManageUsers)")
            .Produces<AuthorProfile>().ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPut("/{userId}/profile", PutProfileAsync).WithSummary("Change a user's public author profile (the user, or ManageUsers)")
            .Reads<ProfileChange>().Produces<AuthorProfile>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> GetProfileAsync(string userId, HttpContext context, AuthorProfiles profiles)
    {
        var actor = await context.GetActorAsync();
        if (actor.UserId != userId && actor.Lacks(Permissions.ManageUsers, "Reading another user's profile") is { } refusal) return Problems.From(refusal);
        return await profiles.FindAsync(userId) is { } profile ? Results.Json(profile) : Problems.From(Refusal.NotFound("There is no such user."));
    }

    private static async Task<IResult> PutProfileAsync(string userId, HttpContext context, AuthorProfiles profiles, IOptions<CmsOptions> options)
    {
        var actor = await context.GetActorAsync();
        if (actor.UserId != userId && actor.Lacks(Permissions.ManageUsers, "Changing another user's profile") is { } refusal) return Problems.From(refusal);
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        var errors = new ValidationErrors();
        var change = new ProfileChange(Text(body.Value!, "displayName", errors, required: false), Text(body.Value!, "bio", errors, required: false),
            Text(body.Value!, "photo", errors, required: false), Text(body.Value!, "slug", errors, required: false));
        if (errors.Any) return Problems.From(errors.ToRefusal());
        var saved = await profiles.SaveAsync(userId, change, actor);
        return saved.Succeeded ? Results.Json(saved.Value) : Problems.From(saved.Refusal!);
    }

    private static async Task<IResult> ListAsync(HttpContext context, CmsDbContext db, TimeProvider clock)
    {
        var refusal = await RefuseUnlessManagerAsync(context);
        if (refusal is not null) return refusal;
        var now = clock.GetUtcNow();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync();
        return Results.Json(users.Select(u => new UserSummary(u.Id, u.UserName!, u.Email,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList(), u.LockoutEnd > now)));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, UserManager<CmsUser> users, RoleManager<IdentityRole> roles,
        IOptions<CmsOptions> options, TimeProvider clock)
    {
        var refusal = await RefuseUnlessManagerAsync(context);
        if (refusal is not null) return refusal;
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes);
        if (!body.Succeeded) return Problems.From(body.Refusal!);

        var errors = new ValidationErrors();
        var userName = Text(body.Value!, "userName", errors, required: true);
        var email = Text(body.Value!, "email", errors, required: true);
        var password = Text(body.Value!, "password", errors, required: true);
        var roleNames = new List<string>();
        if (body.Value!["roles"] is { } rolesNode && !JsonArrayOfStrings(rolesNode, roleNames)) errors.Add("roles", "roles must be an array of role names.");
        foreach (var role in roleNames.Where(r => !roles.Roles.Any(x => x.Name == r)).ToList())
        {
            errors.Add("roles", $"There is no role '{role}'.");
        }
        if (errors.Any) return Problems.From(errors.ToRefusal());
        if (await users.FindByNameAsync(userName!) is not null)
        {
            return Problems.From(Refusal.Conflict($"The user name '{userName}' is taken."));
        }

        var user = new CmsUser { UserName = userName, Email = email, EmailConfirmed = true, CreatedUtc = clock.GetUtcNow().UtcDateTime };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                errors.Add(error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : error.Code.Contains("Email", StringComparison.Ordinal) ? "email" : "userName", error.Description);
            }
            return Problems.From(errors.ToRefusal());
        }
        if (roleNames.Count > 0) await users.AddToRolesAsync(user, roleNames.Distinct());
        return Results.Created($"/api/users/{user.Id}", new UserSummary(user.Id, user.UserName!, user.Email, roleNames.Distinct().Order().ToList(), false));
    }

    private static async Task<IResult?> RefuseUnlessManagerAsync(HttpContext context) =>
        (await context.GetActorAsync()).Lacks(Permissions.ManageUsers, "Managing users") is { } refusal ? Problems.From(refusal) : null;

    private static string? Text(JsonObject body, string name, ValidationErrors errors, bool required)
    {
        if (body[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s)) return s.Trim();
        if (body[name] is not null && body[name] is not JsonValue) errors.Add(name, $"{name} must be a string.");
        else if (required) errors.Add(name, $"{name} is required.");
        return null;
    }

    private static bool JsonArrayOfStrings(JsonNode node, List<string> values)
    {
        if (node is not JsonArray array) return false;
        foreach (var element in array)
        {
            if (element is not JsonValue v || !v.TryGetValue<string>(out var s)) return false;
            values.Add(s);
        }
        return true;
    }
}
