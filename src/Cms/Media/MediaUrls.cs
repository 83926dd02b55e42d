using System.Globalization;
using Microsoft.Extensions.Options;

namespace Cms.Media;

/// <summary>
/// URLs of media and their variants, for themes and the API: <c>Url("2024/11/koursk.jpg", 320, "webp")</c> →
/// <c>/media/2024/11/koursk.jpg?width=320&amp;format=webp</c>. A width outside the configured list gets a token.
/// </summary>
public sealed class MediaUrls(IOptions<MediaOptions> options, MediaTokens tokens)
{
    public const string Prefix = "/media/";

    public string Url(string path, int? width = null, string? format = null)
    {
        var original = Prefix + Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal);
        if (width is null && format is null) return original;
        var type = MediaType.FromName(format) ?? ImageCommandParser.DefaultFormat(MediaType.FromExtension(path) ?? MediaType.Jpeg);
        var query = new List<string>();
        if (width is not null) query.Add("width=" + width.Value.ToString(CultureInfo.InvariantCulture));
        if (format is not null) query.Add("format=" + type.Name);
        if (width is not null && !options.Value.AllowedSizes.Contains(width.Value))
        {
            var command = new ImageCommand(width, null, ResizeMode.Crop, type, options.Value.DefaultQuality, null);
            query.Add("token=" + tokens.Issue(path, command));
        }
        return original + "?" + string.Join('&', query);
    }

    /// <summary>A <c>srcset</c> value: "/media/a.jpg?width=320&amp;format=webp 320w, …".</summary>
    public string Srcset(string path, IEnumerable<int> widths, string? format = null) =>
        string.Join(", ", widths.Select(w => $"{Url(path, w, format)} {w.ToString(CultureInfo.InvariantCulture)}w"));

    /// <summary>The configured widths, for a theme's default srcset.</summary>
    public IReadOnlyList<int> Widths => options.Value.AllowedSizes;
}
