namespace Cms.Tests.Support;

/// <summary>Waits, with a deadline, for what another process (another node) does in its own time.</summary>
public static class Eventually
{
    /// <summary>True as soon as <paramref name="condition"/> holds; false if it still does not after <paramref name="seconds"/>.</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, int seconds = 15)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(seconds); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            if (await condition()) return true;
        }
        return await condition();
    }
}
