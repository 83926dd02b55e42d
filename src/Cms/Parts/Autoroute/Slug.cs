using System.Globalization;
using System.Text;

namespace Cms.Parts.Autoroute;

/// <summary>URL slugs from French text: "Des soldats nord-coréens à Koursk" → "des-soldats-nord-coreens-a-koursk".</summary>
public static class Slug
{
    public const int MaxLength = 120;

    public static string From(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var builder = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var replacement = Transliterate(char.ToLowerInvariant(c));
            if (replacement is null)
            {
                pendingHyphen = builder.Length > 0;
                continue;
            }
            if (pendingHyphen) builder.Append('-');
            pendingHyphen = false;
            builder.Append(replacement);
        }
        return Truncate(builder.ToString());
    }

    private static string? Transliterate(char c) => c switch
    {
        >= 'a' and <= 'z' or >= '0' and <= '9' => c.ToString(),
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        'ø' => "o",
        'đ' => "d",
        'ł' => "l",
        _ => null,
    };

    private static string Truncate(string slug)
    {
        if (slug.Length <= MaxLength) return slug;
        var cut = slug.LastIndexOf('-', MaxLength);
        return slug[..(cut > 0 ? cut : MaxLength)];
    }
}
