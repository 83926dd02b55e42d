using System.Security.Cryptography;

namespace Cms.Content;

/// <summary>26-character lower-case identifiers, the form Orchard Core uses for content item ids.</summary>
public static class IdGenerator
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[17];
        RandomNumberGenerator.Fill(bytes);
        Span<char> chars = stackalloc char[26];
        // 26 characters of 5 bits each: 130 bits read from 136 random ones.
        for (var i = 0; i < 26; i++)
        {
            var bit = i * 5;
            var value = ((bytes[bit / 8] << 8) | bytes[bit / 8 + 1]) >> (11 - bit % 8) & 0x1f;
            chars[i] = Alphabet[value];
        }
        // The first character is a letter so ids never read as numbers.
        chars[0] = Alphabet[10 + bytes[16] % 22];
        return new string(chars);
    }
}
