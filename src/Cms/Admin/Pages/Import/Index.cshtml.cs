using Cms.Data;
using Cms.Import;
using Cms.Security;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Admin.Pages.Import;

/// <summary>"Importer" (ImportContent): the upload form of a WordPress export and its uploads zip, and the imports, latest first.</summary>
public sealed class IndexModel(CmsDbContext db, IOptions<ImportOptions> options, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ImportRun> Runs { get; private set; } = [];
    public long MaxUploadBytes => options.Value.MaxUploadBytes;
    public DateTime Now { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!(await HttpContext.GetActorAsync()).Has(Permissions.ImportContent))
        {
            context.Result = Forbid();
            return;
        }
        await next();
    }

    public async Task OnGetAsync()
    {
        Now = clock.GetUtcNow().UtcDateTime;
        Runs = await db.Set<ImportRun>().AsNoTracking().OrderByDescending(r => r.CreatedUtc).Take(50)
            .Select(r => new ImportRun
            {
                Id = r.Id, FileName = r.FileName, Node = r.Node, State = r.State, StartedBy = r.StartedBy, CreatedUtc = r.CreatedUtc,
                FinishedUtc = r.FinishedUtc, HeartbeatUtc = r.HeartbeatUtc, ItemsDone = r.ItemsDone, Pass = r.Pass, BytesRead = r.BytesRead, BytesTotal = r.BytesTotal,
            }).ToListAsync();
    }
}
