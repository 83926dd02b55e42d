using Cms.Categories;
using Cms.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages.Articles;

public sealed class IndexModel(ContentList articles, CategoryService categories) : PageModel
{
    public IReadOnlyList<Cms.Content.Definitions.ContentTypeDefinition> Types => articles.CreatableTypes;
    public IReadOnlyList<Workflow.WorkflowState> States => articles.States;

    public string Label(ContentRow row) => articles.Label(row.Status, row.ContentType);

    /// <summary>Whether the latest version is the one readers see (else "en ligne" says an older one is).</summary>
    public bool IsPublished(ContentRow row) => articles.KindOf(row) == Workflow.StateKind.Published;

    public ContentRows Rows { get; private set; } = new([], 0);
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyList<string> Authors { get; private set; } = [];
    public ContentListFilter Filter { get; private set; } = new(null, null, null, null, false, 1);
    public string? Message { get; private set; }
    public int Pages => Math.Max(1, (Rows.Total + Filter.PageSize - 1) / Filter.PageSize);

    public async Task OnGetAsync(string? state, string? category, string? author, string? q, string? sort, string? type, int page = 1, string? m = null)
    {
        Filter = new ContentListFilter(state, category, author, q, sort == "oldest", Math.Max(1, page))
        {
            Type = Types.Any(t => t.Name == type) ? type : null,
        };
        Rows = await articles.ListAsync(Filter, await HttpContext.GetActorAsync());
        var list = await categories.ListAsync();
        Categories = list.Succeeded ? list.Value!.Items : [];
        Authors = await articles.AuthorsAsync();
        Message = m == "deleted" ? "Contenu supprimé." : null;
    }

    public string PageLink(int page) =>
        $"/admin/articles?type={Filter.Type}&state={Filter.State}&category={Filter.Category}&author={Uri.EscapeDataString(Filter.Author ?? "")}&q={Uri.EscapeDataString(Filter.Text ?? "")}&sort={(Filter.OldestFirst ? "oldest" : "newest")}&page={page}";

    public string TypeName(string type) => Types.FirstOrDefault(t => t.Name == type)?.DisplayName ?? type;
}
