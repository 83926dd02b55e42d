using SkiaSharp;

namespace Cms.Media;

/// <summary>The image engine on SkiaSharp: codecs read headers without decoding, JPEGs decode at a reduced scale when shrinking.</summary>
internal sealed class SkiaImageEngine : IImageEngine
{
    public ImageHeader? ReadHeader(Stream source)
    {
        using var data = SKData.Create(source);
        using var codec = data is null ? null : SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0) return null;
        return SwapsSides(codec.EncodedOrigin)
            ? new ImageHeader(codec.Info.Height, codec.Info.Width)
            : new ImageHeader(codec.Info.Width, codec.Info.Height);
    }

    public bool CanEncode(MediaType type) => type == MediaType.Jpeg || type == MediaType.Png || type == MediaType.WebP;

    public void Render(Stream source, ImageCommand command, Stream output)
    {
        using var data = SKData.Create(source) ?? throw new InvalidDataException("The image is empty.");
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("The image cannot be decoded.");
        var origin = codec.EncodedOrigin;
        var swap = SwapsSides(origin);
        int width = swap ? codec.Info.Height : codec.Info.Width, height = swap ? codec.Info.Width : codec.Info.Height;
        var geometry = ResizeGeometry.Compute(width, height, command);

        using var decoded = Decode(codec, Math.Max(geometry.Destination.Width / geometry.Source.Width, geometry.Destination.Height / geometry.Source.Height));
        using var rotated = Orient(decoded, origin);
        var oriented = rotated ?? decoded;
        float scaleX = (float)oriented.Width / width, scaleY = (float)oriented.Height / height;
        var sourceRect = SKRect.Create(geometry.Source.Left * scaleX, geometry.Source.Top * scaleY, geometry.Source.Width * scaleX, geometry.Source.Height * scaleY);
        var destination = SKRect.Create(geometry.Destination.Left, geometry.Destination.Top, geometry.Destination.Width, geometry.Destination.Height);

        using var canvasBitmap = new SKBitmap(new SKImageInfo(geometry.CanvasWidth, geometry.CanvasHeight, SKImageInfo.PlatformColorType, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(canvasBitmap))
        {
            // JPEG has no alpha: padding shows white there, transparent elsewhere.
            canvas.Clear(command.Format == MediaType.Jpeg ? SKColors.White : SKColors.Transparent);
            using var image = SKImage.FromBitmap(oriented);
            var shrink = sourceRect.Width / destination.Width;
            var sampling = shrink > 2
                ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
                : new SKSamplingOptions(SKCubicResampler.Mitchell);
            canvas.DrawImage(image, sourceRect, destination, sampling);
        }
        using var result = SKImage.FromBitmap(canvasBitmap);
        using var encoded = result.Encode(Format(command.Format), command.Quality)
            ?? throw new InvalidOperationException($"SkiaSharp cannot encode {command.Format.Name}.");
        encoded.SaveTo(output);
    }

    /// <summary>Decodes at the smallest scale the codec offers that still covers <paramref name="scale"/> (JPEG: 1/8 to 8/8).</summary>
    private static SKBitmap Decode(SKCodec codec, float scale)
    {
        var size = scale < 1 ? codec.GetScaledDimensions(scale) : codec.Info.Size;
        var info = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType,
            codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var status = codec.GetPixels(info, bitmap.GetPixels());
        if (status is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            bitmap.Dispose();
            throw new InvalidDataException($"The image cannot be decoded ({status}).");
        }
        return bitmap;
    }

    /// <summary>The bitmap turned as the EXIF orientation says, or null when it is already upright.</summary>
    private static SKBitmap? Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft) return null;
        float w = bitmap.Width, h = bitmap.Height;
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            _ => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        };
        var swap = SwapsSides(origin);
        var oriented = new SKBitmap(new SKImageInfo(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height, bitmap.ColorType, bitmap.AlphaType));
        using var canvas = new SKCanvas(oriented);
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(bitmap, 0, 0);
        return oriented;
    }

    private static bool SwapsSides(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    private static SKEncodedImageFormat Format(MediaType type) =>
        type == MediaType.Jpeg ? SKEncodedImageFormat.Jpeg
        : type == MediaType.Png ? SKEncodedImageFormat.Png
        : SKEncodedImageFormat.Webp;
}
