using System.Globalization;

namespace Cms.Media;

/// <summary>ImageSharp.Web's resize modes, with their semantics (see <see cref="ResizeGeometry"/>).</summary>
public enum ResizeMode
{
    Crop,
    Pad,
    BoxPad,
    Max,
    Min,
    Stretch,
}

/// <summary>A point of interest, each coordinate from 0 (left, top) to 1 (right, bottom).</summary>
public readonly record struct FocalPoint(float X, float Y)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{X:0.###},{Y:0.###}");

    public static bool TryParse(string? text, out FocalPoint point)
    {
        point = default;
        var parts = text?.Split(',');
        if (parts is not { Length: 2 }) return false;
        if (!float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            || !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y)) return false;
        if (x is < 0 or > 1 || y is < 0 or > 1 || float.IsNaN(x) || float.IsNaN(y)) return false;
        point = new FocalPoint(x, y);
        return true;
    }
}

/// <summary>One variant of an image: what the URL's query asks for, with defaults filled in.</summary>
public sealed record ImageCommand(int? Width, int? Height, ResizeMode Mode, MediaType Format, int Quality, FocalPoint? Focus)
{
    /// <summary>The canonical form of the parameters: what tokens sign and cache keys hash.</summary>
    public string Normalized => string.Create(CultureInfo.InvariantCulture,
        $"width={Width}&height={Height}&rmode={Mode.ToString().ToLowerInvariant()}&format={Format.Name}&quality={Quality}&rxy={Focus}");
}
