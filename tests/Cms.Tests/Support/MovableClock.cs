namespace Cms.Tests.Support;

/// <summary>
/// The real time plus an offset a test moves forward: what the host reads as "now" jumps, while its timers (polling,
/// retries) keep running on real time, so nothing in the host stalls as it would on a frozen clock.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
