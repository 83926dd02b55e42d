using Cms.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages;

/// <summary>What needs doing: an author's drafts and work in review; an editor's review queue and schedule.</summary>
public sealed class IndexModel(ContentList articles, TimeProvider clock) : PageModel
{
    public ContentList List => articles;

    public Actor Actor { get; private set; } = null!;
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();
    public IReadOnlyList<ContentRow> MyDrafts { get; private set; } = [];

    /// <summary>The author's drafts that an editor sent back, with the entry that did (its comment, who, when).</summary>
    public IReadOnlyList<(ContentRow Row, Data.AuditEntry SentBack)> SentBack { get; private set; } = [];
    public IReadOnlyList<ContentRow> MyInReview { get; private set; } = [];
    public IReadOnlyList<ContentRow> ReviewQueue { get; private set; } = [];
    public IReadOnlyList<ContentRow> Scheduled { get; private set; } = [];
    public DateTime Now { get; private set; }
    public IReadOnlyDictionary<string, DateTime> SubmittedAt { get; private set; } = new Dictionary<string, DateTime>();

    public DateTime? WaitingSince(ContentRow row) => SubmittedAt.TryGetValue(row.ContentItemId, out var at) ? at : row.ModifiedUtc;

    public async Task OnGetAsync()
    {
        Actor = await HttpContext.GetActorAsync();
        Now = clock.GetUtcNow().UtcDateTime;
        Counts = await articles.CountByStateAsync(Actor);
        if (Actor.Has(Permissions.PublishContent))
        {
            var review = articles.StatesOfKind(Workflow.StateKind.Review);
            var queue = (await articles.ListAsync(new ContentListFilter(null, null, null, null, 1, 50) { Direction = SortDirection.Ascending, StatesIn = review }, Actor)).Rows;
            SubmittedAt = await articles.SubmittedAtAsync(queue.Select(r => r.ContentItemId).ToList());
            ReviewQueue = queue.OrderBy(r => SubmittedAt.GetValueOrDefault(r.ContentItemId, r.ModifiedUtc ?? DateTime.MinValue)).ToList();
            Scheduled = (await articles.ListAsync(new ContentListFilter(null, null, null, null, 1, 50)
                { Direction = SortDirection.Ascending, StatesIn = articles.StatesOfKind(Workflow.StateKind.Scheduled) }, Actor)).Rows
                .OrderBy(r => r.PublishAtUtc).ToList();
        }
        var drafts = (await articles.ListAsync(new ContentListFilter(null, null, null, null, 1, 50) { StatesIn = articles.StatesOfKind(Workflow.StateKind.Draft) }, Actor))
            .Rows.Where(r => r.Owner == Actor.UserId).ToList();
        var sentBack = await articles.SentBackAsync(drafts.Select(r => r.ContentItemId).ToList());
        SentBack = drafts.Where(r => sentBack.ContainsKey(r.ContentItemId)).Select(r => (r, sentBack[r.ContentItemId])).ToList();
        MyDrafts = drafts.Where(r => !sentBack.ContainsKey(r.ContentItemId)).ToList();
        MyInReview = (await articles.ListAsync(new ContentListFilter(null, null, null, null, 1, 50) { StatesIn = articles.StatesOfKind(Workflow.StateKind.Review) }, Actor))
            .Rows.Where(r => r.Owner == Actor.UserId).ToList();
        if (!Actor.Has(Permissions.PublishContent)) SubmittedAt = await articles.SubmittedAtAsync(MyInReview.Select(r => r.ContentItemId).ToList());
    }
}
