namespace Cms.Media;

/// <summary>Where media files live: paths are relative, with forward slashes (<c>2024/11/koursk.jpg</c>).</summary>
public interface IMediaFileStore
{
    Task<MediaFileInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>A readable, seekable stream, or null when there is no such file.</summary>
    Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Writes a new file; false when a file already has that path (nothing is overwritten).</summary>
    Task<bool> TryCreateAsync(string path, Stream content, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default);
}

public sealed record MediaFileInfo(string Path, long Length, DateTimeOffset LastModifiedUtc);
