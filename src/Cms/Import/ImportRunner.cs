using Cms.Data;
using Cms.Import.WordPress;
using Microsoft.EntityFrameworkCore;

namespace Cms.Import;

/// <summary>
/// Runs the imports started from the admin, in the background of the node that took the upload (the files are in its
/// data folder). Their progress and report are kept in <see cref="ImportRun"/> rows, so that any node shows them; a
/// heartbeat written every few seconds tells a run whose node stopped (interrupted) from one still going.
/// </summary>
public sealed class ImportRunner(IServiceScopeFactory scopes, WordPressImporter importer, IHostApplicationLifetime lifetime, TimeProvider clock,
    ILogger<ImportRunner> log)
{
    /// <summary>How often a running import writes its progress and heartbeat.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    /// <summary>A running import whose heartbeat is older than this was interrupted: its node stopped.</summary>
    public static readonly TimeSpan InterruptedAfter = TimeSpan.FromSeconds(30);

    public static string ExportFile(string folder) => Path.Combine(folder, "export.xml");

    public static string UploadsFolder(string folder) => Path.Combine(folder, "uploads");

    /// <summary>Starts the run in the background; returns at once.</summary>
    public void Start(string runId) => _ = Task.Run(() => RunAsync(runId, lifetime.ApplicationStopping));

    private async Task RunAsync(string runId, CancellationToken stopping)
    {
        var progress = new LatestProgress();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            var run = await UpdateAsync(runId, r =>
            {
                r.State = ImportRunStates.Running;
                r.HeartbeatUtc = Now();
                r.Error = null;
            });
            if (run is null) return;
            var heartbeat = BeatAsync(runId, progress, done.Token);
            var uploads = UploadsFolder(run.Folder);
            ImportReport report;
            try
            {
                report = await importer.RunAsync(new WordPressImportOptions(ExportFile(run.Folder), Directory.Exists(uploads) ? uploads : null), progress, stopping);
            }
            finally
            {
                await done.CancelAsync();
                await heartbeat;
            }
            await UpdateAsync(runId, r =>
            {
                r.State = ImportRunStates.Succeeded;
                r.Report = report.ToJson();
                r.ItemsDone = report.Items;
                r.BytesRead = r.BytesTotal;
                r.FinishedUtc = Now();
                r.HeartbeatUtc = Now();
            });
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The node is stopping: the run stays "running" with a heartbeat that no longer moves, shown as interrupted.
        }
        catch (Exception e)
        {
            log.LogError(e, "The import {Run} failed.", runId);
            var message = e is WxrFormatException ? $"{e.Message} Nothing was imported." : e.GetBaseException().Message;
            await UpdateAsync(runId, r =>
            {
                r.State = ImportRunStates.Failed;
                r.Error = message;
                r.FinishedUtc = Now();
            });
        }
    }

    private async Task BeatAsync(string runId, LatestProgress progress, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = progress.Latest;
                await UpdateAsync(runId, r =>
                {
                    r.HeartbeatUtc = Now();
                    if (now is null) return;
                    r.Pass = now.Pass;
                    r.BytesRead = now.BytesRead;
                    r.BytesTotal = now.BytesTotal;
                    r.ItemsDone = now.Items;
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The import ended (or the node stops).
        }
    }

    private async Task<ImportRun?> UpdateAsync(string runId, Action<ImportRun> change)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var run = await db.Set<ImportRun>().FirstOrDefaultAsync(r => r.Id == runId);
            if (run is null) return null;
            change(run);
            await db.SaveChangesAsync();
            return run;
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            // A progress line lost is shown at the next beat; the import itself goes on.
            log.LogWarning(e, "The progress of the import {Run} could not be written.", runId);
            return null;
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    /// <summary>The importer's last report, read by the heartbeat (the importer reports on its own thread, often).</summary>
    private sealed class LatestProgress : IProgress<ImportProgress>
    {
        private ImportProgress? _latest;

        public ImportProgress? Latest => Volatile.Read(ref _latest);

        public void Report(ImportProgress value) => Volatile.Write(ref _latest, value);
    }
}
