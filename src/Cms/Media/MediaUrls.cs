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

    public string Url(string path, int? width = null, string? format = null) => Url(path, width, null, format, null);

    /// <summary>
    /// A variant of any size. A side outside the configured list gets a token signed for exactly the command the media
    /// endpoint will read from the URL: a crop at the default quality, centred on <paramref name="storedFocus"/> (the
    /// image's focal point in the library) when both sides are given, since that is when the endpoint looks it up.
    /// </summary>
    public string Url(string path, int? width, int? height, string? format, FocalPoint? storedFocus)
    {
        var original = Prefix + Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal);
        if (width is null && height is null && format is null) return original;
        var type = MediaType.FromName(format) ?? ImageCommandParser.DefaultFormat(MediaType.FromExtension(path) ?? MediaType.Jpeg);
        var query = new List<string>();
        if (width is not null) query.Add("width=" + width.Value.ToString(CultureInfo.InvariantCulture));
        if (height is not null) query.Add("height=" + height.Value.ToString(CultureInfo.InvariantCulture));
        if (format is not null) query.Add("format=" + type.Name);
        if (!IsListed(width) || !IsListed(height))
        {
            var focus = width is not null && height is not null ? storedFocus : null;
            var command = new ImageCommand(width, height, ResizeMode.Crop, type, options.Value.DefaultQuality, focus);
            query.Add("token=" + tokens.Issue(path, command));
        }
        return original + "?" + string.Join('&', query);
    }

    /// <summary>Whether a side is served without a token.</summary>
    public bool IsListed(int? size) => size is null || options.Value.AllowedSizes.Contains(size.Value);

    /// <summary>A <c>srcset</c> value: "/media/a.jpg?width=320&amp;format=webp 320w, …".</summary>
    public string Srcset(string path, IEnumerable<int> widths, string? format = null) =>
        string.Join(", ", widths.Select(w => $"{Url(path, w, format)} {w.ToString(CultureInfo.InvariantCulture)}w"));

    /// <summary>The configured widths, for a theme's default srcset.</summary>
    public IReadOnlyList<int> Widths => options.Value.AllowedSizes;
}
