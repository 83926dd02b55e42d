using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cms.Media;

/// <summary>
/// Rendered variants on disk under <c>&lt;DataPath&gt;/media-cache</c>, keyed by a hash of path, parameters and the
/// source's modification time (so a replaced file never serves a stale variant). Concurrent requests for the same
/// missing variant share one render; renders run a few at a time so that decoding cannot exhaust memory.
/// </summary>
public sealed class MediaVariantCache(string root, IMediaFileStore store, IImageEngine engine, IOptions<MediaOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _rendering = new();
    private readonly SemaphoreSlim _renders = new(options.Value.MaxConcurrentRenders);

    private int _renderCount;

    /// <summary>How many variants this process rendered: what shows that concurrent requests shared one render.</summary>
    internal int RenderCount => Volatile.Read(ref _renderCount);

    public static string Key(string path, ImageCommand command, DateTimeOffset sourceModifiedUtc) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{path}?{command.Normalized}@{sourceModifiedUtc.UtcTicks}")));

    public string FilePath(string key, MediaType format) => Path.Combine(root, key[..2], key + format.Extension);

    /// <summary>The variant's file (rendered now if needed, then <c>Hit</c> is false); a null file when the source disappeared.</summary>
    public async Task<(string? File, bool Hit)> GetOrRenderAsync(string path, ImageCommand command, string key)
    {
        var file = FilePath(key, command.Format);
        if (File.Exists(file)) return (file, true);
        var render = _rendering.GetOrAdd(key, k => new Lazy<Task<string?>>(() => RenderAsync(path, command, file)));
        try
        {
            return (await render.Value, false);
        }
        finally
        {
            _rendering.TryRemove(new KeyValuePair<string, Lazy<Task<string?>>>(key, render));
        }
    }

    private async Task<string?> RenderAsync(string path, ImageCommand command, string file)
    {
        await _renders.WaitAsync();
        try
        {
            if (File.Exists(file)) return file;
            await using var source = await store.OpenReadAsync(path);
            if (source is null) return null;
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = file + "." + Guid.NewGuid().ToString("n") + ".tmp";
            try
            {
                await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    // Decoding is CPU-bound: off the request thread, so Kestrel keeps serving cached files meanwhile.
                    await Task.Run(() => engine.Render(source, command, output));
                }
                File.Move(temporary, file, overwrite: true);
                Interlocked.Increment(ref _renderCount);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
            return file;
        }
        finally
        {
            _renders.Release();
        }
    }
}
