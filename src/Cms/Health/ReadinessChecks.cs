using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Data;
using Cms.Media;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Cms.Health;

/// <summary>The data folder can be written and its disk keeps the free space the settings ask for.</summary>
internal sealed class DataFolderCheck(DataFolder folder, StorageFaults faults, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(folder.Path, $".ready-check-{Environment.ProcessId}");
        try
        {
            await File.WriteAllBytesAsync(probe, new byte[4096], cancellationToken);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"The data folder cannot be written: {e.Message}");
        }
        faults.Cleared(StorageKind.DataFolder);

        var free = new DriveInfo(folder.Path).AvailableFreeSpace;
        var minimum = options.Value.MinFreeDiskBytes;
        return free < minimum
            ? HealthCheckResult.Unhealthy($"The data folder's disk has {Mib(free)} MiB free, less than the {Mib(minimum)} MiB Cms:Health:MinFreeDiskBytes asks for.")
            : HealthCheckResult.Healthy($"{Mib(free)} MiB free");
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);
}

/// <summary>
/// Writes that ran out of space (<see cref="StorageFaults"/>): each is tried again here, with a small write of the same
/// kind, so that a node taken out of rotation by this check comes back once space is freed, with no request reaching it.
/// </summary>
internal sealed class StorageFaultsCheck(StorageFaults faults, CmsDbContext db, IMediaFileStore media, TimeProvider clock) : IHealthCheck
{
    private const string ProbeDocument = "ReadinessWriteCheck";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = new List<string>();
        // A file of the data folder is tried again by the data folder's own check, on every call.
        foreach (var fault in faults.Current.Where(f => f.Kind != StorageKind.DataFolder))
        {
            if (await WritesAgainAsync(fault.Kind, cancellationToken)) faults.Cleared(fault.Kind);
            else failing.Add($"The disk is full: {fault.What} could not be written (since {fault.Since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC).");
        }
        return failing.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(string.Join(" ", failing));
    }

    private async Task<bool> WritesAgainAsync(StorageKind kind, CancellationToken cancellationToken)
    {
        try
        {
            switch (kind)
            {
                case StorageKind.Database:
                    await StoredDocuments.PutAsync(db, ProbeDocument, new JsonObject { ["Utc"] = clock.GetUtcNow() }.ToJsonString(), clock.GetUtcNow().UtcDateTime, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    return true;
                case StorageKind.Media:
                    var path = $".ready-check/{Guid.NewGuid():n}.bin";
                    using (var content = new MemoryStream(new byte[4096], writable: false))
                    {
                        if (!await media.TryCreateAsync(path, content, cancellationToken)) return false;
                    }
                    await media.DeleteAsync(path, cancellationToken);
                    return true;
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>The search indexes keep up with the change feed (an index being built does not count: see <see cref="ChangeFeedFollower.CursorLag"/>).</summary>
internal sealed class SearchLagCheck(ChangeFeedFollower follower, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lag = follower.CursorLag;
        var limit = options.Value.MaxIndexLag;
        return Task.FromResult(lag > limit
            ? HealthCheckResult.Unhealthy($"The search indexes are {lag} change-feed entries behind (Cms:Health:MaxIndexLag is {limit}).")
            : HealthCheckResult.Healthy($"{lag} entries behind"));
    }
}
