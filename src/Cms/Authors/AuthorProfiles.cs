using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Data;
using Cms.Media;
using Cms.Parts.Autoroute;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Authors;

/// <summary>A user's public face as an author: the name shown, a short bio, a photo of the media library, the page's slug.</summary>
public sealed record AuthorProfile(string UserId, string UserName, string DisplayName, string? Bio, string? Photo, string? Slug);

/// <summary>What a profile change asks: every member is replaced (null clears it).</summary>
public sealed record ProfileChange(string? DisplayName, string? Bio, string? Photo, string? Slug);

/// <summary>
/// Authors' public profiles, kept as stored documents (<c>author-profile/{userId}</c>, and <c>author-slug/{slug}</c> naming
/// the user a page address belongs to, which makes slugs unique). A profile is not a content item: a change is recorded in
/// the change feed as <c>users.profile-changed</c>, affecting what readers see, so every node drops its cached pages.
/// </summary>
public sealed class AuthorProfiles(CmsDbContext db, ContentLifecycle lifecycle, TimeProvider clock)
{
    public const int MaxBioLength = 600;
    public const int MaxNameLength = 120;
    private const string ProfilePrefix = "author-profile/";
    private const string SlugPrefix = "author-slug/";

    /// <summary>The profiles of these users (a user with none has their user name as display name); unknown ids are absent.</summary>
    public async Task<IReadOnlyDictionary<string, AuthorProfile>> FindAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        if (userIds.Count == 0) return new Dictionary<string, AuthorProfile>();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(cancellationToken);
        var names = users.Select(u => ProfilePrefix + u.Id).ToList();
        var documents = await db.Documents.AsNoTracking().Where(d => names.Contains(d.Name)).ToDictionaryAsync(d => d.Name, d => d.Json, cancellationToken);
        return users.ToDictionary(u => u.Id, u =>
        {
            var json = documents.GetValueOrDefault(ProfilePrefix + u.Id) is { } text ? JsonNode.Parse(text) as JsonObject : null;
            return new AuthorProfile(u.Id, u.UserName ?? "", Read(json, "DisplayName") ?? u.DisplayName ?? u.UserName ?? "",
                Read(json, "Bio"), Read(json, "Photo"), Read(json, "Slug"));
        });
    }

    public async Task<AuthorProfile?> FindAsync(string userId, CancellationToken cancellationToken = default) =>
        (await FindAsync([userId], cancellationToken)).GetValueOrDefault(userId);

    /// <summary>The profile whose page is at this slug, or null.</summary>
    public async Task<AuthorProfile?> BySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        var userId = await StoredDocuments.ReadAsync(db, SlugPrefix + slug.ToLowerInvariant(), cancellationToken);
        return userId is null ? null : await FindAsync(JsonSerializer.Deserialize<string>(userId)!, cancellationToken);
    }

    /// <summary>Every profile with a page address (the sitemap).</summary>
    public async Task<IReadOnlyList<AuthorProfile>> WithPagesAsync(CancellationToken cancellationToken = default)
    {
        var ids = (await db.Documents.AsNoTracking().Where(d => d.Name.StartsWith(SlugPrefix)).Select(d => d.Json).ToListAsync(cancellationToken))
            .Select(j => JsonSerializer.Deserialize<string>(j)!).ToList();
        return (await FindAsync(ids, cancellationToken)).Values.Where(p => p.Slug is not null).OrderBy(p => p.Slug, StringComparer.Ordinal).ToList();
    }

    /// <summary>Changes a profile: its owner, or a user manager. The slug is made a slug (accents and spaces dropped) and must be free.</summary>
    public async Task<Outcome<AuthorProfile>> SaveAsync(string userId, ProfileChange change, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.UserId != userId && actor.Lacks(Permissions.ManageUsers, "Changing another user's profile") is { } refusal) return refusal;
        var current = await FindAsync(userId, cancellationToken);
        if (current is null) return Refusal.NotFound("There is no such user.");

        var errors = new ValidationErrors();
        var displayName = Trimmed(change.DisplayName);
        var bio = Trimmed(change.Bio);
        var photo = Trimmed(change.Photo);
        var slug = Trimmed(change.Slug) is { } wanted ? Slug.From(wanted) : null;
        if (displayName?.Length > MaxNameLength) errors.Add("displayName", $"displayName is longer than {MaxNameLength} characters.");
        if (bio?.Length > MaxBioLength) errors.Add("bio", $"bio is longer than {MaxBioLength} characters.");
        if (Trimmed(change.Slug) is not null && string.IsNullOrEmpty(slug)) errors.Add("slug", "slug must contain letters or digits.");
        if (photo is not null && !await db.Set<MediaAsset>().AnyAsync(m => m.Path == photo, cancellationToken)) errors.Add("photo", $"There is no media file '{photo}'.");
        if (!string.IsNullOrEmpty(slug) && await StoredDocuments.ReadAsync(db, SlugPrefix + slug, cancellationToken) is { } owner
            && JsonSerializer.Deserialize<string>(owner) != userId)
        {
            errors.Add("slug", $"The address '{slug}' is another author's.");
        }
        if (errors.Any) return errors.ToRefusal();
        if (string.IsNullOrEmpty(slug)) slug = null;

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await lifecycle.BeginAsync();
        if (current.Slug is { } old && old != slug && await db.Documents.FirstOrDefaultAsync(d => d.Name == SlugPrefix + old, cancellationToken) is { } released)
        {
            db.Documents.Remove(released);
        }
        if (slug is not null) await StoredDocuments.PutAsync(db, SlugPrefix + slug, JsonSerializer.Serialize(userId), now, cancellationToken);
        var profile = new JsonObject { ["DisplayName"] = displayName, ["Bio"] = bio, ["Photo"] = photo, ["Slug"] = slug };
        await StoredDocuments.PutAsync(db, ProfilePrefix + userId, profile.ToJsonString(), now, cancellationToken);
        lifecycle.Record(Changes.ChangeEvents.UserProfileChanged, actor, new JsonObject { ["userId"] = userId, ["slug"] = slug, ["previousSlug"] = current.Slug }, affectsPublished: true);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(userId, cancellationToken))!;
    }

    private static string? Read(JsonObject? json, string name) => json?[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
