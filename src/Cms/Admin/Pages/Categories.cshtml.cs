using Cms.Categories;
using Cms.Content;
using Cms.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages;

/// <summary>The site's categories (administrators): every change goes through CategoryService.</summary>
public sealed class CategoriesModel(CategoryService categories) : PageModel
{
    /// <summary>The categories in the tree's order: a parent, then its sub-categories.</summary>
    public IReadOnlyList<Category> Items { get; private set; } = [];

    public Category? ParentOf(Category category) =>
        category.ParentContentItemId is { } id ? Items.FirstOrDefault(c => c.ContentItemId == id) : null;

    public int DepthOf(Category category)
    {
        var depth = 0;
        for (var parent = ParentOf(category); parent is not null && depth < 20; parent = ParentOf(parent)) depth++;
        return depth;
    }
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? ErrorTarget { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!(await HttpContext.GetActorAsync()).Has(Permissions.ManageCategories))
        {
            context.Result = Forbid();
            return;
        }
        await next();
    }

    public async Task OnGetAsync(string? m)
    {
        Message = m switch
        {
            "created" => "Rubrique créée.",
            "renamed" => "Rubrique renommée.",
            "deleted" => "Rubrique supprimée.",
            "moved" => "Ordre des rubriques enregistré.",
            _ => null,
        };
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? slug)
    {
        var created = await categories.CreateAsync(name, string.IsNullOrWhiteSpace(slug) ? null : slug.Trim(), await HttpContext.GetActorAsync());
        return created.Succeeded ? Redirect("/admin/categories?m=created") : await RefusedAsync(created.Refusal!, "new");
    }

    public async Task<IActionResult> OnPostRenameAsync(string id, string? name, string? slug, string? originalSlug)
    {
        // The slug follows the name unless the administrator edited it.
        var editedSlug = string.IsNullOrWhiteSpace(slug) || slug.Trim() == originalSlug ? null : slug.Trim();
        var renamed = await categories.RenameAsync(id, name, editedSlug, await HttpContext.GetActorAsync());
        return renamed.Succeeded ? Redirect("/admin/categories?m=renamed") : await RefusedAsync(renamed.Refusal!, id);
    }

    public async Task<IActionResult> OnPostMoveAsync(string id, int position)
    {
        var moved = await categories.MoveAsync(id, position, await HttpContext.GetActorAsync());
        return moved.Succeeded ? Redirect("/admin/categories?m=moved") : await RefusedAsync(moved.Refusal!, id);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, string? moveTo)
    {
        var deleted = await categories.DeleteAsync(id, string.IsNullOrEmpty(moveTo) ? null : moveTo, await HttpContext.GetActorAsync());
        return deleted.Succeeded ? Redirect("/admin/categories?m=deleted") : await RefusedAsync(deleted.Refusal!, id);
    }

    private async Task<IActionResult> RefusedAsync(Refusal refusal, string target)
    {
        Message = refusal.Kind == RefusalKind.Conflict && refusal.Extensions?.ContainsKey("articleCount") == true
            ? "Cette rubrique contient des articles : choisissez la rubrique où les déplacer."
            : refusal.Kind == RefusalKind.Invalid ? "La rubrique n’a pas été enregistrée : corrigez les champs signalés." : refusal.Detail;
        MessageIsError = true;
        Errors = FieldMessages.InFrench(refusal.Errors ?? new Dictionary<string, string[]>());
        ErrorTarget = target;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    public IEnumerable<string> ErrorsFor(string target, string field) =>
        target == ErrorTarget ? Errors.Where(e => e.Key.StartsWith(field, StringComparison.OrdinalIgnoreCase)).SelectMany(e => e.Value) : [];

    private async Task LoadAsync()
    {
        var list = await categories.ListAsync();
        Items = list.Succeeded ? list.Value!.Items : [];
    }
}
