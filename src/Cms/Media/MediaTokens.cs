using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Cms.Media;

/// <summary>
/// HMAC-SHA256 tokens that let a URL ask for a size outside the configured list. The key is made once and kept in
/// the data folder, so every node sharing that folder accepts the same tokens and restarts do not break URLs.
/// </summary>
public sealed class MediaTokens(byte[] key)
{
    public static MediaTokens LoadOrCreate(string keyFile)
    {
        if (!File.Exists(keyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
            try
            {
                using var stream = new FileStream(keyFile, FileMode.CreateNew, FileAccess.Write);
                stream.Write(RandomNumberGenerator.GetBytes(32));
            }
            catch (IOException) when (File.Exists(keyFile))
            {
                // Another process made it first; use theirs.
            }
        }
        return new MediaTokens(File.ReadAllBytes(keyFile));
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

    private byte[] Sign(string path, ImageCommand command) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(path + "?" + command.Normalized));
}
