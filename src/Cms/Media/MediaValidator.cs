using Cms.Content;
using Microsoft.Extensions.Options;

namespace Cms.Media;

/// <summary>Decides whether uploaded bytes are an image we take: real type from the magic number, size, pixel count from the header.</summary>
public sealed class MediaValidator(IImageEngine engine, IOptions<MediaOptions> options)
{
    public Outcome<(MediaType Type, ImageHeader Header)> Validate(ReadOnlyMemory<byte> content)
    {
        var media = options.Value;
        if (content.Length > media.MaxFileBytes) return TooLarge($"The file is larger than {media.MaxFileBytes} bytes.");
        var type = MediaType.Sniff(content.Span[..Math.Min(content.Length, MediaType.SniffLength)]);
        if (type is null) return Unsupported("The file is not a JPEG, PNG, WebP, GIF or AVIF image (its content was checked, not its name).");

        // The codec reads the header only: a decompression bomb is refused here, before any pixel memory exists.
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        var header = engine.ReadHeader(stream);
        if (header is null) return Unsupported($"The {type.Name} image cannot be decoded.");
        if (header.Pixels > media.MaxPixels)
        {
            return TooLarge($"The image is {header.Width} x {header.Height} pixels; at most {media.MaxPixels} pixels are accepted.");
        }
        return (type, header);
    }

    private static Refusal TooLarge(string detail) => new(RefusalKind.TooLarge, "The file is too large.", detail);

    private static Refusal Unsupported(string detail) => new(RefusalKind.UnsupportedMediaType, "Unsupported media type.", detail);
}
