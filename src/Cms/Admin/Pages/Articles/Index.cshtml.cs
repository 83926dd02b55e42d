using Cms.Categories;
using Cms.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages.Articles;

/// <summary>
/// The newsroom's list: filters, sorting by column (<c>?sort=title|state|author|modified&amp;dir=asc|desc</c>), and bulk
/// actions on the checked rows, each item checked and reported on its own; deleting asks for confirmation first.
/// </summary>
public sealed class IndexModel(ContentList articles, CategoryService categories, BulkActions bulk) : PageModel
{
    public IReadOnlyList<Cms.Content.Definitions.ContentTypeDefinition> Types => articles.CreatableTypes;
    public IReadOnlyList<Workflow.WorkflowState> States => articles.States;

    public string Label(ContentRow row) => articles.Label(row.Status, row.ContentType);

    /// <summary>Whether the latest version is the one readers see (else "en ligne" says an older one is).</summary>
    public bool IsPublished(ContentRow row) => articles.KindOf(row) == Workflow.StateKind.Published;

    public ContentRows Rows { get; private set; } = new([], 0);
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyList<string> Authors { get; private set; } = [];
    public ContentListFilter Filter { get; private set; } = new(null, null, null, null, 1);
    public string? Message { get; private set; }
    public BulkReport? Report { get; private set; }

    /// <summary>The rows a bulk delete will remove once confirmed; null when no confirmation is asked.</summary>
    public IReadOnlyList<ContentRow>? ToDelete { get; private set; }

    public int Pages => Math.Max(1, (Rows.Total + Filter.PageSize - 1) / Filter.PageSize);

    public async Task OnGetAsync(string? state, string? category, string? author, string? q, string? sort, string? dir, string? type, int page = 1, string? m = null)
    {
        await LoadAsync(state, category, author, q, sort, dir, type, page);
        Message = m == "deleted" ? "Contenu supprimé." : null;
    }

    public async Task<IActionResult> OnPostBulkAsync(string[]? ids, string? operation, string? targetCategory, string? confirmed,
        string? state, string? category, string? author, string? q, string? sort, string? dir, string? type, int page = 1)
    {
        var actor = await HttpContext.GetActorAsync();
        var chosen = (ids ?? []).Where(id => !string.IsNullOrEmpty(id)).Distinct().ToList();
        if (chosen.Count == 0 || chosen.Count > BulkActions.MaxItems)
        {
            Message = chosen.Count == 0 ? "Cochez au moins un article." : $"Au plus {BulkActions.MaxItems} articles à la fois.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (operation == "delete" && confirmed != "1")
        {
            ToDelete = await articles.RowsAsync(chosen, actor);
        }
        else
        {
            Report = operation switch
            {
                "publish" => await bulk.PublishAsync(chosen, actor),
                "unpublish" => await bulk.UnpublishAsync(chosen, actor),
                "delete" => await bulk.DeleteAsync(chosen, actor),
                "category" when !string.IsNullOrEmpty(targetCategory) => await bulk.MoveToCategoryAsync(chosen, targetCategory, actor),
                _ => null,
            };
            if (Report is null)
            {
                Message = operation == "category" ? "Choisissez la nouvelle rubrique." : "Choisissez une action.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }
        await LoadAsync(state, category, author, q, sort, dir, type, page);
        return Page();
    }

    private async Task LoadAsync(string? state, string? category, string? author, string? q, string? sort, string? dir, string? type, int page)
    {
        var (by, direction) = SortOf(sort, dir);
        Filter = new ContentListFilter(state, category, author, q, Math.Max(1, page))
        {
            Type = Types.Any(t => t.Name == type) ? type : null,
            Sort = by,
            Direction = direction,
        };
        Rows = await articles.ListAsync(Filter, await HttpContext.GetActorAsync());
        var list = await categories.ListAsync();
        Categories = list.Succeeded ? list.Value!.Items : [];
        Authors = await articles.AuthorsAsync();
    }

    /// <summary>The column and direction asked for; the most recently modified first by default ("oldest" was the old way to ask).</summary>
    private static (ContentSort, SortDirection) SortOf(string? sort, string? dir)
    {
        if (sort == "oldest") return (ContentSort.Modified, SortDirection.Ascending);
        var by = sort switch
        {
            "title" => ContentSort.Title,
            "state" => ContentSort.State,
            "author" => ContentSort.Author,
            _ => ContentSort.Modified,
        };
        // Titles and names read A to Z first; dates newest first.
        var direction = dir switch
        {
            "asc" => SortDirection.Ascending,
            "desc" => SortDirection.Descending,
            _ => by == ContentSort.Modified ? SortDirection.Descending : SortDirection.Ascending,
        };
        return (by, direction);
    }

    private static string SortName(ContentSort sort) => sort.ToString().ToLowerInvariant();

    private static string DirName(SortDirection direction) => direction == SortDirection.Ascending ? "asc" : "desc";

    private string Query(int page, ContentSort sort, SortDirection direction) =>
        $"type={Filter.Type}&state={Filter.State}&category={Filter.Category}&author={Uri.EscapeDataString(Filter.Author ?? "")}"
        + $"&q={Uri.EscapeDataString(Filter.Text ?? "")}&sort={SortName(sort)}&dir={DirName(direction)}&page={page}";

    public string PageLink(int page) => "/admin/articles?" + Query(page, Filter.Sort, Filter.Direction);

    /// <summary>Where the bulk form posts: the list as it is shown, so that the answer shows the same page.</summary>
    public string BulkAction => "/admin/articles?handler=Bulk&" + Query(Filter.Page, Filter.Sort, Filter.Direction);

    /// <summary>A column header's link: that column, the other way round when it is already the one sorted by.</summary>
    public string SortLink(ContentSort sort)
    {
        var direction = Filter.Sort == sort
            ? Filter.Direction == SortDirection.Ascending ? SortDirection.Descending : SortDirection.Ascending
            : sort == ContentSort.Modified ? SortDirection.Descending : SortDirection.Ascending;
        return "/admin/articles?" + Query(1, sort, direction);
    }

    /// <summary>The header's aria-sort: set on the sorted column only.</summary>
    public string? AriaSort(ContentSort sort) =>
        Filter.Sort != sort ? null : Filter.Direction == SortDirection.Ascending ? "ascending" : "descending";

    public string TypeName(string type) => Types.FirstOrDefault(t => t.Name == type)?.DisplayName ?? type;
}
