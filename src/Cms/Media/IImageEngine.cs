namespace Cms.Media;

/// <summary>The seam to the imaging library: read a header cheaply, render one variant.</summary>
public interface IImageEngine
{
    /// <summary>Reads the header only (no pixel is decoded); null when the engine cannot decode this file.</summary>
    ImageHeader? ReadHeader(Stream source);

    bool CanEncode(MediaType type);

    /// <summary>Decodes <paramref name="source"/>, applies its EXIF orientation, resizes and encodes into <paramref name="output"/>, dropping metadata.</summary>
    void Render(Stream source, ImageCommand command, Stream output);
}

/// <summary>Dimensions as displayed, i.e. after the EXIF orientation is applied.</summary>
public sealed record ImageHeader(int Width, int Height)
{
    public long Pixels => (long)Width * Height;
}
