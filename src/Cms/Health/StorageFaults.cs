using System.Collections.Concurrent;

namespace Cms.Health;

/// <summary>A write that ran out of space, and since when this node has known it.</summary>
public sealed record StorageFault(StorageKind Kind, string What, DateTimeOffset Since);

/// <summary>
/// The writes of this node that ran out of space and have not succeeded since: <c>/health/ready</c> reports them, so
/// that a load balancer sends writers elsewhere, until a write of the same kind (or the readiness check's own) succeeds.
/// </summary>
public sealed class StorageFaults(TimeProvider clock, ILogger<StorageFaults> logger)
{
    private readonly ConcurrentDictionary<StorageKind, StorageFault> _faults = new();

    public IReadOnlyList<StorageFault> Current => _faults.IsEmpty ? [] : _faults.Values.OrderBy(f => f.Kind).ToList();

    /// <summary>Records the failure of an exception <see cref="DiskFull.IsOutOfSpace"/> recognized; the first one's time is kept.</summary>
    public StorageFault Record(Exception exception)
    {
        var (kind, what) = DiskFull.Describe(exception);
        var fault = new StorageFault(kind, what, clock.GetUtcNow());
        if (_faults.TryAdd(kind, fault))
        {
            logger.LogError(exception, "The disk is full: {What} could not be written. This node reports it at /health/ready until a write succeeds again.", what);
            return fault;
        }
        return _faults.AddOrUpdate(kind, fault, (_, known) => known with { What = what });
    }

    /// <summary>A write of that kind succeeded: the space is back.</summary>
    public void Cleared(StorageKind kind)
    {
        if (_faults.IsEmpty || !_faults.TryRemove(kind, out var fault)) return;
        logger.LogInformation("{What} can be written again (a write succeeded); the disk-full fault since {Since} is cleared.", fault.What, fault.Since);
    }
}
