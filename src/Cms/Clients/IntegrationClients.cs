using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Cms.Changes;
using Cms.Content;
using Cms.Data;
using Cms.Security;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Cms.Clients;

/// <summary>A client as administrators see it; <see cref="ClientSecret"/> only in the answer that made it.</summary>
public sealed record ClientView(string ClientId, string Name, IReadOnlyList<string> Permissions, string? CreatedBy, DateTime CreatedUtc, DateTime UpdatedUtc)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientSecret { get; init; }
}

/// <summary>
/// Creates, lists, changes and revokes integration clients (ManageClients), and checks a client's secret for the token
/// endpoint. Every change is recorded in the change feed (<c>clients.changed</c>), so every node forgets a revoked client
/// at once (see <see cref="IntegrationClientCache"/>).
/// </summary>
public sealed class IntegrationClients(ContentLifecycle lifecycle, CmsDbContext db, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    /// <summary>Compared against when the client is unknown, so that an unknown id costs what a wrong secret does.</summary>
    private static readonly string UnknownClientHash = new('0', 64);

    public async Task<Outcome<IReadOnlyList<ClientView>>> ListAsync(Actor actor)
    {
        if (Refused(actor) is { } refusal) return refusal;
        var clients = await db.Set<IntegrationClient>().AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.ClientId).ToListAsync();
        return clients.Select(View).ToList();
    }

    /// <summary>A new client holding exactly <paramref name="permissions"/>; the answer carries its secret, this once.</summary>
    public async Task<Outcome<ClientView>> CreateAsync(string? name, IReadOnlyList<string>? permissions, Actor actor)
    {
        if (Refused(actor) is { } refusal) return refusal;
        var errors = new ValidationErrors();
        name = name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", "name is required.");
        else if (name.Length > MaxNameLength) errors.Add("name", $"name is at most {MaxNameLength} characters.");
        else if (name.Any(char.IsControl)) errors.Add("name", "name must not contain control characters.");
        var granted = CheckPermissions(permissions, actor, errors);
        if (errors.Any) return errors.ToRefusal();
        if (granted.Refusal is { } forbidden) return forbidden;

        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var client = new IntegrationClient
        {
            ClientId = IdGenerator.NewId(), Name = name!, SecretHash = Hash(secret), Permissions = string.Join(' ', granted.Value!),
            CreatedBy = actor.UserName, CreatedUtc = now, UpdatedUtc = now,
        };
        await using var transaction = await lifecycle.BeginAsync();
        db.Add(client);
        lifecycle.Record(ChangeEvents.ClientsChanged, actor, Describe(client, "created"));
        await transaction.CommitAsync();
        return View(client) with { ClientSecret = secret };
    }

    /// <summary>Replaces what the client may do; tokens it already holds follow at once (their permissions are looked up, not carried).</summary>
    public async Task<Outcome<ClientView>> SetPermissionsAsync(string clientId, IReadOnlyList<string>? permissions, Actor actor)
    {
        if (Refused(actor) is { } refusal) return refusal;
        var errors = new ValidationErrors();
        var granted = CheckPermissions(permissions, actor, errors);
        if (errors.Any) return errors.ToRefusal();
        if (granted.Refusal is { } forbidden) return forbidden;

        await using var transaction = await lifecycle.BeginAsync();
        var client = await db.Set<IntegrationClient>().FirstOrDefaultAsync(c => c.ClientId == clientId);
        if (client is null) return Refusal.NotFound("There is no such integration client.");
        client.Permissions = string.Join(' ', granted.Value!);
        client.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        lifecycle.Record(ChangeEvents.ClientsChanged, actor, Describe(client, "updated"));
        await transaction.CommitAsync();
        return View(client);
    }

    /// <summary>Deletes the client: it gets no new token, and the tokens it holds stop working on every node.</summary>
    public async Task<Outcome<bool>> RevokeAsync(string clientId, Actor actor)
    {
        if (Refused(actor) is { } refusal) return refusal;
        await using var transaction = await lifecycle.BeginAsync();
        var client = await db.Set<IntegrationClient>().FirstOrDefaultAsync(c => c.ClientId == clientId);
        if (client is null) return Refusal.NotFound("There is no such integration client.");
        db.Remove(client);
        lifecycle.Record(ChangeEvents.ClientsChanged, actor, Describe(client, "revoked"));
        await transaction.CommitAsync();
        return true;
    }

    /// <summary>The client, when <paramref name="secret"/> is its secret; null otherwise, with the same work either way.</summary>
    public async Task<IntegrationClient?> AuthenticateAsync(string clientId, string secret)
    {
        var client = await db.Set<IntegrationClient>().AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId);
        var expected = Convert.FromHexString(client?.SecretHash ?? UnknownClientHash);
        var matches = CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        return matches && client is not null ? client : null;
    }

    private static Refusal? Refused(Actor actor) => actor.Lacks(Permissions.ManageClients, "Managing integration clients");

    /// <summary>
    /// Known permission names, each at most once, that the actor holds himself (no one hands out more than he has).
    /// Nothing is implied: account management (ManageUsers, ManageClients) is held only when named.
    /// </summary>
    private static Outcome<IReadOnlyList<string>> CheckPermissions(IReadOnlyList<string>? permissions, Actor actor, ValidationErrors errors)
    {
        if (permissions is null)
        {
            errors.Add("permissions", "permissions is required: the names of the permissions the client holds.");
            return new List<string>();
        }
        foreach (var unknown in permissions.Where(p => !Permissions.All.Contains(p)).Distinct())
        {
            errors.Add("permissions", $"There is no permission '{unknown}'; known ones: {string.Join(", ", Permissions.All.Order(StringComparer.Ordinal))}.");
        }
        var granted = permissions.Where(Permissions.All.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (granted.FirstOrDefault(p => !actor.Has(p)) is { } notHeld) return Refusal.Forbidden($"Giving a client {notHeld} needs holding it.");
        return granted;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static JsonObject Describe(IntegrationClient client, string change) => new()
    {
        ["clientId"] = client.ClientId,
        ["name"] = client.Name,
        ["change"] = change,
        ["permissions"] = new JsonArray(client.PermissionList().Select(p => (JsonNode)p).ToArray()),
    };

    private static ClientView View(IntegrationClient client) =>
        new(client.ClientId, client.Name, client.PermissionList(), client.CreatedBy, client.CreatedUtc, client.UpdatedUtc);
}
