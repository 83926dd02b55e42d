namespace Cms.Media;

/// <summary>An accepted image type, recognized from the first bytes of the file, never from its name.</summary>
public sealed record MediaType(string Name, string ContentType, string Extension)
{
    public static readonly MediaType Jpeg = new("jpeg", "image/jpeg", ".jpg");
    public static readonly MediaType Png = new("png", "image/png", ".png");
    public static readonly MediaType WebP = new("webp", "image/webp", ".webp");
    public static readonly MediaType Gif = new("gif", "image/gif", ".gif");
    public static readonly MediaType Avif = new("avif", "image/avif", ".avif");

    public static readonly IReadOnlyList<MediaType> All = [Jpeg, Png, WebP, Gif, Avif];

    public const int SniffLength = 16;

    /// <summary>The type announced by the magic number at the start of <paramref name="head"/>, or null.</summary>
    public static MediaType? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return Jpeg;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return Gif;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return WebP;
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && (head[8..12].SequenceEqual("avif"u8) || head[8..12].SequenceEqual("avis"u8))) return Avif;
        return null;
    }

    public static MediaType? FromExtension(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".jpeg") return Jpeg;
        return All.FirstOrDefault(t => t.Extension == extension);
    }

    public static MediaType? FromName(string? name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? (string.Equals(name, "jpg", StringComparison.OrdinalIgnoreCase) ? Jpeg : null);
}
