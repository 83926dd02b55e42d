namespace Cms.SearchBench;

/// <summary>
/// Where the peak memory comes from: samples this process's resident memory every 50 ms (anonymous pages, the GC heap
/// among them, and file-backed pages, Lucene's memory-mapped segments among them) and keeps the highest of each per
/// phase of the benchmark. VmHWM only tells the peak, not what it was made of nor when.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, (long Rss, long Anon, long File, long Heap)> _peaks = [];
    private readonly List<string> _order = [];
    private readonly Task _sampling;
    private string _phase = "start";

    public MemorySampler() => _sampling = Task.Run(SampleAsync);

    /// <summary>The phase the next samples count for.</summary>
    public string Phase
    {
        set
        {
            lock (_peaks) _phase = value;
        }
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Sample()
    {
        var (rss, anon, file) = (BenchHost.StatusKiB("VmRSS"), BenchHost.StatusKiB("RssAnon"), BenchHost.StatusKiB("RssFile"));
        var heap = GC.GetTotalMemory(false) / 1024;
        lock (_peaks)
        {
            if (!_peaks.TryGetValue(_phase, out var peak)) _order.Add(_phase);
            _peaks[_phase] = (Math.Max(peak.Rss, rss), Math.Max(peak.Anon, anon), Math.Max(peak.File, file), Math.Max(peak.Heap, heap));
        }
    }

    /// <summary>One line per phase: the highest resident, anonymous and file-backed memory, and GC heap, in MiB (each maximum on its own).</summary>
    public IEnumerable<string> Report()
    {
        lock (_peaks)
        {
            return _order.Select(p => $"  {p,-34} RSS {_peaks[p].Rss / 1024,4} MiB (anonymous {_peaks[p].Anon / 1024,4}, file-backed {_peaks[p].File / 1024,4}), GC heap {_peaks[p].Heap / 1024,4} MiB").ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
