namespace Cms.Media;

/// <summary>
/// Where the source goes on the output canvas, following ImageSharp's ResizeMode semantics:
/// crop fills the box and cuts around the focal point; pad fits inside and fills the rest; boxpad pads without
/// upscaling; max fits inside; min shrinks until the side closest to its target reaches it, never upscaling;
/// stretch ignores the ratio. With one side given, the other follows the source's ratio.
/// </summary>
public readonly record struct ResizeGeometry(int CanvasWidth, int CanvasHeight, RectF Source, RectF Destination)
{
    public static ResizeGeometry Compute(int sourceWidth, int sourceHeight, ImageCommand command)
    {
        var full = new RectF(0, 0, sourceWidth, sourceHeight);
        var width = command.Width ?? 0;
        var height = command.Height ?? 0;
        if (width == 0 && height == 0) return Whole(sourceWidth, sourceHeight, full);
        if (width == 0) width = Math.Max(1, (int)Math.Round((double)sourceWidth * height / sourceHeight));
        if (height == 0) height = Math.Max(1, (int)Math.Round((double)sourceHeight * width / sourceWidth));

        double ratioX = (double)width / sourceWidth, ratioY = (double)height / sourceHeight;
        switch (command.Mode)
        {
            case ResizeMode.Stretch:
                return Whole(width, height, full);
            case ResizeMode.Max:
            {
                var ratio = Math.Min(ratioX, ratioY);
                return Whole(Scale(sourceWidth, ratio), Scale(sourceHeight, ratio), full);
            }
            case ResizeMode.Min:
            {
                if (width > sourceWidth || height > sourceHeight) return Whole(sourceWidth, sourceHeight, full);
                var ratio = sourceWidth - width <= sourceHeight - height ? ratioX : ratioY;
                return Whole(Scale(sourceWidth, ratio), Scale(sourceHeight, ratio), full);
            }
            case ResizeMode.BoxPad when sourceWidth <= width && sourceHeight <= height:
                return Centered(width, height, sourceWidth, sourceHeight, full);
            case ResizeMode.Pad or ResizeMode.BoxPad:
            {
                var ratio = Math.Min(ratioX, ratioY);
                return Centered(width, height, Scale(sourceWidth, ratio), Scale(sourceHeight, ratio), full);
            }
            default:
            {
                var ratio = Math.Max(ratioX, ratioY);
                float cropWidth = (float)(width / ratio), cropHeight = (float)(height / ratio);
                var focus = command.Focus ?? new FocalPoint(0.5f, 0.5f);
                var left = Math.Clamp(focus.X * sourceWidth - cropWidth / 2, 0, sourceWidth - cropWidth);
                var top = Math.Clamp(focus.Y * sourceHeight - cropHeight / 2, 0, sourceHeight - cropHeight);
                return new ResizeGeometry(width, height, new RectF(left, top, cropWidth, cropHeight), new RectF(0, 0, width, height));
            }
        }
    }

    private static int Scale(int side, double ratio) => Math.Max(1, (int)Math.Round(side * ratio));

    private static ResizeGeometry Whole(int width, int height, RectF source) => new(width, height, source, new RectF(0, 0, width, height));

    private static ResizeGeometry Centered(int canvasWidth, int canvasHeight, int width, int height, RectF source) =>
        new(canvasWidth, canvasHeight, source, new RectF((canvasWidth - width) / 2f, (canvasHeight - height) / 2f, width, height));
}

public readonly record struct RectF(float Left, float Top, float Width, float Height);
