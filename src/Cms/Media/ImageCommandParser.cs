using System.Globalization;
using Cms.Content;
using Microsoft.Extensions.Options;

namespace Cms.Media;

/// <summary>Reads the resize parameters of a media URL (ImageSharp.Web / Orchard Core names) and checks the size is allowed.</summary>
public sealed class ImageCommandParser(IOptions<MediaOptions> options, MediaTokens tokens)
{
    public static readonly string[] Keys = ["width", "height", "rmode", "format", "quality", "rxy", "token"];

    /// <summary>The command, or a refusal; <paramref name="storedFocus"/> is used for crops when the URL gives no rxy.</summary>
    public Outcome<ImageCommand> Parse(string path, MediaType sourceType, IQueryCollection query, FocalPoint? storedFocus = null)
    {
        var media = options.Value;
        if (!TryInt(query, "width", 1, media.MaxRenderSide, out var width)) return Bad("width", $"width must be a whole number from 1 to {media.MaxRenderSide}.");
        if (!TryInt(query, "height", 1, media.MaxRenderSide, out var height)) return Bad("height", $"height must be a whole number from 1 to {media.MaxRenderSide}.");
        if (!TryInt(query, "quality", 1, 100, out var quality)) return Bad("quality", "quality must be a whole number from 1 to 100.");

        var mode = ResizeMode.Crop;
        var rmode = query["rmode"].ToString();
        if (rmode.Length > 0 && (!Enum.TryParse(rmode, ignoreCase: true, out mode) || !Enum.IsDefined(mode) || int.TryParse(rmode, out _)))
        {
            return Bad("rmode", "rmode must be one of pad, boxpad, max, min, crop, stretch.");
        }

        var format = DefaultFormat(sourceType);
        var formatName = query["format"].ToString();
        if (formatName.Length > 0)
        {
            var asked = MediaType.FromName(formatName);
            if (asked is null || asked == MediaType.Gif || asked == MediaType.Avif) return Bad("format", "format must be one of webp, jpeg, png.");
            format = asked;
        }

        FocalPoint? focus = null;
        if (query.ContainsKey("rxy"))
        {
            if (!FocalPoint.TryParse(query["rxy"], out var point)) return Bad("rxy", "rxy must be two numbers from 0 to 1, such as 0.5,0.3.");
            focus = point;
        }
        else if (mode == ResizeMode.Crop)
        {
            focus = storedFocus;
        }

        var command = new ImageCommand(width, height, mode, format, quality ?? media.DefaultQuality, focus);
        if (!IsListed(width) || !IsListed(height))
        {
            var token = query["token"].ToString();
            if (token.Length == 0)
            {
                return Bad(width is not null && !IsListed(width) ? "width" : "height",
                    $"Only these sizes are served without a token: {string.Join(", ", media.AllowedSizes)}.");
            }
            if (!tokens.IsValid(path, command, token)) return Refusal.Forbidden("The token does not match this image and these parameters.");
        }
        return command;

        bool IsListed(int? size) => size is null || media.AllowedSizes.Contains(size.Value);
    }

    /// <summary>Browsers show JPEG, PNG and WebP as they are; GIF becomes PNG (no GIF encoder), AVIF becomes WebP.</summary>
    public static MediaType DefaultFormat(MediaType source) =>
        source == MediaType.Gif ? MediaType.Png : source == MediaType.Avif ? MediaType.WebP : source;

    private static bool TryInt(IQueryCollection query, string key, int min, int max, out int? value)
    {
        value = null;
        var text = query[key].ToString();
        if (text.Length == 0) return true;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max) return false;
        value = number;
        return true;
    }

    private static Refusal Bad(string field, string message) =>
        Refusal.Invalid(message, new Dictionary<string, string[]> { [field] = [message] });
}
