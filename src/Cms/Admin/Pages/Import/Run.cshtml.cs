using System.Text.Json;
using Cms.Data;
using Cms.Import;
using Cms.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cms.Admin.Pages.Import;

/// <summary>
/// One import (ImportContent): its progress while it runs (the page refreshes itself), then its report. An interrupted
/// one (its node stopped) is started again here, on this node when it holds the files.
/// </summary>
public sealed class RunModel(CmsDbContext db, ImportRunner runner, TimeProvider clock) : PageModel
{
    public ImportRun Run { get; private set; } = null!;
    public ImportReport? Report { get; private set; }
    public DateTime Now { get; private set; }
    public string? Message { get; private set; }

    public bool InProgress => !Run.IsInterrupted(Now) && Run.State is ImportRunStates.Queued or ImportRunStates.Running;

    public bool CanRestart => Run.IsInterrupted(Now) || Run.State == ImportRunStates.Failed;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!(await HttpContext.GetActorAsync()).Has(Permissions.ImportContent))
        {
            context.Result = Forbid();
            return;
        }
        await next();
    }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>Starts an interrupted or failed import again: the import is idempotent, what was done is found done.</summary>
    public async Task<IActionResult> OnPostRestartAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanRestart)
        {
            Message = "Cet import n’est ni interrompu ni échoué : il n’y a rien à relancer.";
            return Page();
        }
        if (!System.IO.File.Exists(ImportRunner.ExportFile(Run.Folder)))
        {
            Message = $"Les fichiers de cet import sont sur le serveur {Run.Node} : relancez-le depuis celui-ci, ou envoyez l’export de nouveau.";
            return Page();
        }
        var row = await db.Set<ImportRun>().FirstAsync(r => r.Id == id);
        row.State = ImportRunStates.Queued;
        row.Node = Environment.MachineName;
        row.HeartbeatUtc = clock.GetUtcNow().UtcDateTime;
        row.FinishedUtc = null;
        row.Error = null;
        await db.SaveChangesAsync();
        runner.Start(id);
        return Redirect($"/admin/import/{id}");
    }

    private async Task<bool> LoadAsync(string id)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        var run = await db.Set<ImportRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id);
        if (run is null) return false;
        Run = run;
        Report = run.Report is { } json ? JsonSerializer.Deserialize<ImportReport>(json, ImportReport.Json) : null;
        return true;
    }
}
