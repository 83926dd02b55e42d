using System.Text.Json.Nodes;
using Cms.Admin;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Parts.HtmlBody;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Cms.Preview;

/// <summary>
/// Preview tokens for the unsaved state of the editor's form: the writer's autosave of an item, shown by
/// <c>/preview/{token}</c> in the site's theme. The token names the user and the autosave (never the content), is signed
/// with the keys every node shares and lasts minutes; it opens nothing else, and a preview link's token opens no autosave.
/// </summary>
public sealed class AutosavePreviews(CmsDbContext db, IDataProtectionProvider protection, HtmlSanitizerService sanitizer, ContentDefinitionStore definitions, TimeProvider clock)
{
    private const string Purpose = "Cms.Preview.Autosave.v1";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private ITimeLimitedDataProtector Protector => protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string TokenFor(string userId, string itemKey) =>
        WebEncoders.Base64UrlEncode(Protector.Protect(System.Text.Encoding.UTF8.GetBytes(userId + "\n" + itemKey), clock.GetUtcNow() + Lifetime));

    /// <summary>The autosave a token opens, as an item to render; null when the token is not genuine, has expired, or the autosave is gone.</summary>
    public async Task<ContentItem?> OpenAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024) return null;
        string[] parts;
        try
        {
            var bytes = Protector.Unprotect(WebEncoders.Base64UrlDecode(token), out var expires);
            if (expires < clock.GetUtcNow()) return null;
            parts = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        if (parts.Length != 2) return null;
        var (userId, itemKey) = (parts[0], parts[1]);
        var autosave = await db.Set<Autosave>().AsNoTracking().FirstOrDefaultAsync(a => a.UserId == userId && a.ItemKey == itemKey);
        if (autosave is null || JsonNode.Parse(autosave.Json) is not JsonObject content) return null;
        var item = ContentItemJson.FromObject(content);
        item.ContentItemId = autosave.ContentItemId ?? "";
        item.ContentType = autosave.ContentType;
        item.ModifiedUtc = autosave.UpdatedUtc;
        var type = definitions.Current.FindType(autosave.ContentType);
        var title = type?.Parts.FirstOrDefault(p => p.PartName == "TitlePart")?.Name;
        item.DisplayText = title is null ? null : ContentForm.PartValue(item, title, "Title");
        // The form's state was never validated: its HTML is cleaned here as a save would, before any theme shows it.
        foreach (var part in type?.Parts.Where(p => p.PartName == "HtmlBodyPart") ?? [])
        {
            if (item.Part(part.Name) is { } body) body["Html"] = sanitizer.Sanitize(ContentForm.PartValue(item, part.Name, "Html"));
        }
        return item;
    }
}
