using Microsoft.Extensions.Options;

namespace Cms.Media;

/// <summary>
/// Keeps the variant cache within <see cref="MediaOptions.MaxCacheBytes"/>: the oldest renders go first (variants never
/// change once written, so age is when they were made), and abandoned temporary files are removed. A dropped
/// variant that is still wanted is simply rendered again. Variants of deleted or replaced files age out the same way.
/// </summary>
public sealed class MediaCacheTrimmer(string root, IOptions<MediaOptions> options, TimeProvider clock, ILogger<MediaCacheTrimmer> logger) : BackgroundService
{
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    /// <summary>Trims once to the configured budget; returns how many files were removed.</summary>
    public int Trim() => Trim(options.Value.MaxCacheBytes);

    internal int Trim(long budget)
    {
        if (!Directory.Exists(root)) return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var removed = 0;
        var variants = new List<FileInfo>();
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (file.Extension == ".tmp")
            {
                if (now - file.LastWriteTimeUtc > AbandonedAfter && TryDelete(file)) removed++;
                continue;
            }
            variants.Add(file);
        }

        var total = variants.Sum(f => f.Length);
        foreach (var file in variants.OrderBy(f => f.LastWriteTimeUtc))
        {
            if (total <= budget) break;
            var length = file.Length;
            if (!TryDelete(file)) continue;
            total -= length;
            removed++;
        }
        if (removed > 0) logger.LogInformation("Media cache trimmed: {Removed} file(s) removed, {Total} bytes kept.", removed, total);
        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CacheTrimInterval, clock);
        do
        {
            try
            {
                Trim();
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Trimming the media cache failed; it will be tried again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (IOException)
        {
            // Being served right now: it will be old enough to go next time.
            return false;
        }
    }
}
