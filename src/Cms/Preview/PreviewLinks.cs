using Cms.Content;
using Cms.Data;
using Cms.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Preview;

/// <summary>A preview link as its creator sees it; <see cref="Token"/> only when it has just been made.</summary>
public sealed record PreviewLinkView(string Id, string ContentItemId, string? CreatedBy, DateTime CreatedUtc, DateTime ExpiresUtc, bool Revoked, string? Token = null)
{
    public string? Url => Token is null ? null : PreviewLinks.SitePath(Token);
}

/// <summary>
/// Makes, lists, revokes and checks preview links. Whoever may preview an item (its owner, or PreviewContent) may make a
/// link to it; the token is opaque and signed (data protection, keys shared by every node), scoped to that item, and
/// checked against its row on every use, so expiry and revocation take effect at once on every node.
/// </summary>
public sealed class PreviewLinks(CmsDbContext db, IDataProtectionProvider protection, IOptions<PreviewOptions> options, TimeProvider clock)
{
    private const string Purpose = "Cms.PreviewLinks.v1";
    private IDataProtector Protector => protection.CreateProtector(Purpose);

    public static string SitePath(string token) => "/preview/" + token;

    public async Task<Outcome<PreviewLinkView>> CreateAsync(string contentItemId, TimeSpan? lifetime, Actor actor)
    {
        var refused = await RefusalAsync(contentItemId, actor);
        if (refused is not null) return refused;
        var ttl = lifetime ?? options.Value.LinkLifetime;
        if (ttl <= TimeSpan.Zero || ttl > options.Value.MaxLinkLifetime)
        {
            return Refusal.Invalid($"expiresInMinutes must be from 1 to {(int)options.Value.MaxLinkLifetime.TotalMinutes}.",
                new Dictionary<string, string[]> { ["expiresInMinutes"] = [$"From 1 to {(int)options.Value.MaxLinkLifetime.TotalMinutes}."] });
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var link = new PreviewLink { Id = IdGenerator.NewId(), ContentItemId = contentItemId, CreatedBy = actor.UserName, CreatedUtc = now, ExpiresUtc = now + ttl };
        db.Add(link);
        await db.SaveChangesAsync();
        var token = WebEncoders.Base64UrlEncode(Protector.Protect(System.Text.Encoding.UTF8.GetBytes(link.Id)));
        return View(link) with { Token = token };
    }

    public async Task<Outcome<IReadOnlyList<PreviewLinkView>>> ListAsync(string contentItemId, Actor actor)
    {
        var refused = await RefusalAsync(contentItemId, actor);
        if (refused is not null) return refused;
        var links = await db.Set<PreviewLink>().AsNoTracking().Where(l => l.ContentItemId == contentItemId).OrderByDescending(l => l.CreatedUtc).ToListAsync();
        return links.Select(View).ToList();
    }

    public async Task<Outcome<bool>> RevokeAsync(string contentItemId, string linkId, Actor actor)
    {
        var refused = await RefusalAsync(contentItemId, actor);
        if (refused is not null) return refused;
        var link = await db.Set<PreviewLink>().FirstOrDefaultAsync(l => l.Id == linkId && l.ContentItemId == contentItemId);
        if (link is null) return Refusal.NotFound("There is no such preview link on this item.");
        link.RevokedUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>The item a token opens, if the token is genuine, unexpired and unrevoked; null otherwise (never why).</summary>
    public async Task<string?> ResolveAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512) return null;
        string id;
        try
        {
            id = System.Text.Encoding.UTF8.GetString(Protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<PreviewLink>().AsNoTracking()
            .Where(l => l.Id == id && l.RevokedUtc == null && l.ExpiresUtc > now).Select(l => l.ContentItemId).FirstOrDefaultAsync();
    }

    /// <summary>The latest version of the item a token opens, when it is <paramref name="contentItemId"/> (or any item, when null).</summary>
    public async Task<ContentItem?> OpenAsync(string? token, string? contentItemId = null)
    {
        var opened = await ResolveAsync(token);
        if (opened is null || (contentItemId is not null && opened != contentItemId)) return null;
        var json = await db.ContentItemVersions.AsNoTracking().Where(v => v.ContentItemId == opened && v.Latest).Select(v => v.Json).FirstOrDefaultAsync();
        return json is null ? null : ContentItemJson.Parse(json);
    }

    /// <summary>Preview links are for those who may preview the item; others learn nothing of a draft (404).</summary>
    private async Task<Refusal?> RefusalAsync(string contentItemId, Actor actor)
    {
        if (!actor.IsAuthenticated) return Refusal.Unauthenticated();
        var owner = await db.ContentItemVersions.AsNoTracking().Where(v => v.ContentItemId == contentItemId && v.Latest)
            .Select(v => new { v.Owner }).FirstOrDefaultAsync();
        if (owner is null || !ContentAccess.CanPreview(actor, owner.Owner)) return Refusal.NotFound("There is no such content item.");
        return null;
    }

    private static PreviewLinkView View(PreviewLink link) =>
        new(link.Id, link.ContentItemId, link.CreatedBy, link.CreatedUtc, link.ExpiresUtc, link.RevokedUtc is not null);
}
