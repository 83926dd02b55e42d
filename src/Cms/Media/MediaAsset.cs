namespace Cms.Media;

/// <summary>A file of the media library and what editors said about it (one row per stored file).</summary>
public sealed class MediaAsset
{
    /// <summary>Relative path with forward slashes, e.g. <c>2024/11/koursk.jpg</c>; the primary key.</summary>
    public required string Path { get; set; }
    public required string Folder { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public string? Alt { get; set; }
    public string? Caption { get; set; }
    public string? Credit { get; set; }

    /// <summary>Where crops center when a URL gives no <c>rxy</c>, from 0 to 1 on each axis.</summary>
    public float? FocusX { get; set; }
    public float? FocusY { get; set; }
    public string? UploadedBy { get; set; }
    public string? UploadedByUserId { get; set; }
    public DateTime UploadedUtc { get; set; }
}
