using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Cms.Webhooks;

/// <summary>
/// Signing secrets in the Standard Webhooks form (<c>whsec_</c> + base64 of 24 to 64 random bytes), kept protected with
/// the data-protection keys every node reads from the database: unlike a password, a secret must be read back to sign.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    public const string Prefix = "whsec_";
    private const int GeneratedBytes = 32;
    private const int MinBytes = 24;
    private const int MaxBytes = 64;

    private IDataProtector Protector => protection.CreateProtector("Cms.Webhooks.Secrets.v1");

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedBytes));

    /// <summary>Null when <paramref name="secret"/> is usable; otherwise what is wrong with it.</summary>
    public static string? Problem(string secret) =>
        KeyOf(secret) is null ? $"secret must be '{Prefix}' followed by the base64 of {MinBytes} to {MaxBytes} bytes (or absent: one is generated)." : null;

    public string Protect(string secret) => Protector.Protect(secret);

    public string Unprotect(string protectedSecret) => Protector.Unprotect(protectedSecret);

    /// <summary>
    /// The <c>webhook-signature</c> header: <c>v1,</c> + base64 of the HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, keyed
    /// with the bytes the secret encodes.
    /// </summary>
    public static string Sign(string secret, string webhookId, long timestamp, string body)
    {
        var key = KeyOf(secret) ?? throw new ArgumentException("Not a webhook secret.", nameof(secret));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}")));
    }

    private static byte[]? KeyOf(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var encoded = secret[Prefix.Length..];
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var length) || length is < MinBytes or > MaxBytes) return null;
        return buffer[..length];
    }
}
