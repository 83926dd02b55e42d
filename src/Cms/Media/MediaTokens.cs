using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Data;
using Microsoft.AspNetCore.WebUtilities;

namespace Cms.Media;

/// <summary>
/// HMAC-SHA256 tokens that let a URL ask for a size outside the configured list. The key is made once and kept in the
/// database, so every web node accepts the same tokens and restarts do not break URLs. A key file left by an older
/// version (<c>media-token.key</c> in the data folder) is taken over, so URLs already handed out keep working.
/// </summary>
public sealed class MediaTokens
{
    public const string KeyDocument = "MediaSigningKey";
    private const string LegacyKeyFile = "media-token.key";

    private byte[]? _key;

    public MediaTokens()
    {
    }

    public MediaTokens(byte[] key) => _key = key;

    private byte[] Key => _key ?? throw new InvalidOperationException("The media signing key has not been loaded (CmsApp.InitializeCmsAsync loads it).");

    /// <summary>Reads the key from the database, or stores the legacy file's key or a new one; call under the start-up lock.</summary>
    public async Task LoadOrCreateKeyAsync(CmsDbContext db, string dataPath)
    {
        var json = await StoredDocuments.ReadAsync(db, KeyDocument);
        if (json is not null)
        {
            _key = Convert.FromBase64String(JsonNode.Parse(json)!["Key"]!.GetValue<string>());
            return;
        }
        var legacy = Path.Combine(dataPath, LegacyKeyFile);
        var key = File.Exists(legacy) ? await File.ReadAllBytesAsync(legacy) : RandomNumberGenerator.GetBytes(32);
        await StoredDocuments.PutAsync(db, KeyDocument, new JsonObject { ["Key"] = Convert.ToBase64String(key) }.ToJsonString(), DateTime.UtcNow);
        await db.SaveChangesAsync();
        _key = key;
    }

    public string Issue(string path, ImageCommand command) => WebEncoders.Base64UrlEncode(Sign(path, command));

    public bool IsValid(string path, ImageCommand command, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64) return false;
        byte[] given;
        try
        {
            given = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, Sign(path, command));
    }

    private byte[] Sign(string path, ImageCommand command) => HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(path + "?" + command.Normalized));
}
