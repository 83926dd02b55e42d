namespace Cms.Media;

/// <summary>Media files on the local disk, under <c>&lt;DataPath&gt;/media</c>.</summary>
internal sealed class LocalMediaFileStore(string root) : IMediaFileStore
{
    public Task<MediaFileInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(FullPath(path));
        return Task.FromResult(file.Exists ? new MediaFileInfo(path, file.Length, file.LastWriteTimeUtc) : null);
    }

    public Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        if (!File.Exists(full)) return Task.FromResult<Stream?>(null);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public async Task<bool> TryCreateAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        FileStream target;
        try
        {
            // Unbuffered: the content is copied in large writes already (a buffer of its own cost an import 64 KiB a file).
            target = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (IOException) when (File.Exists(full))
        {
            return false;
        }
        await using (target)
        {
            await content.CopyToAsync(target, cancellationToken);
        }
        return true;
    }

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        if (!File.Exists(full)) return Task.FromResult(false);
        File.Delete(full);
        return Task.FromResult(true);
    }

    /// <summary>The file's place on disk; a path that would leave the root is a bug upstream, so it throws.</summary>
    private string FullPath(string path)
    {
        var full = Path.GetFullPath(Path.Combine(root, path));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is outside the media folder.", nameof(path));
        }
        return full;
    }
}
