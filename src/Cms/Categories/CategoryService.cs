using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Parts.Taxonomy;
using Cms.Security;
using Cms.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Categories;

public sealed class CategoryOptions
{
    /// <summary>The type and TaxonomyField whose taxonomy holds the site's categories.</summary>
    public string ContentType { get; set; } = "Article";
    public string Field { get; set; } = "Category";
}

public sealed record Category(string ContentItemId, string Name, string Slug, int ArticleCount);

public sealed record CategoryList(string TaxonomyContentItemId, IReadOnlyList<Category> Items);

/// <summary>
/// Categories are the terms of the taxonomy that the article type's Category field points to. Changing them
/// publishes a new version of that taxonomy item; deleting one that articles use needs a category to move them to.
/// </summary>
public sealed class CategoryService(CmsDbContext db, ContentDefinitionStore definitions, TaxonomyCache taxonomies, ContentWriter writer,
    IOptions<CategoryOptions> options, TimeProvider clock, ContentChangeBus changes)
{
    private string FieldKey => $"{options.Value.ContentType}.{options.Value.Field}";

    public string? TaxonomyContentItemId => definitions.Current.TaxonomyOf(options.Value.ContentType, options.Value.Field);

    public async Task<Taxonomy?> GetTaxonomyAsync() =>
        TaxonomyContentItemId is { } id ? await taxonomies.GetAsync(db, id) : null;

    public async Task<Outcome<CategoryList>> ListAsync()
    {
        var taxonomy = await GetTaxonomyAsync();
        if (taxonomy is null) return Refusal.NotFound("The site has no categories taxonomy (see the recipe's Article.Category field).");
        var counts = await CountArticlesAsync();
        return new CategoryList(taxonomy.ContentItemId,
            taxonomy.Terms.Select(t => new Category(t.ContentItemId, t.Name, t.Slug, counts.GetValueOrDefault(t.ContentItemId))).ToList());
    }

    /// <summary>A term id or a slug to a term id; null when it names no category.</summary>
    public async Task<string?> ResolveAsync(string idOrSlug)
    {
        var taxonomy = await GetTaxonomyAsync();
        return (taxonomy?.FindTerm(idOrSlug) ?? taxonomy?.FindBySlug(idOrSlug))?.ContentItemId;
    }

    public async Task<Outcome<Category>> CreateAsync(string? name, string? slug, Actor actor)
    {
        var taxonomyItem = await LoadTaxonomyItemAsync(actor);
        if (!taxonomyItem.Succeeded) return taxonomyItem.Refusal!;
        if (string.IsNullOrWhiteSpace(name)) return Invalid("name", "A category needs a name.");

        var id = IdGenerator.NewId();
        var term = new JsonObject
        {
            ["ContentItemId"] = id,
            ["TitlePart"] = new JsonObject { ["Title"] = name.Trim() },
            ["AutoroutePart"] = new JsonObject { ["Path"] = slug },
        };
        Terms(taxonomyItem.Value!).Add(term);
        return await SaveAsync(taxonomyItem.Value!, id, actor, "CategoryCreated");
    }

    public async Task<Outcome<Category>> RenameAsync(string contentItemId, string? name, string? slug, Actor actor)
    {
        var taxonomyItem = await LoadTaxonomyItemAsync(actor);
        if (!taxonomyItem.Succeeded) return taxonomyItem.Refusal!;
        var term = FindTerm(taxonomyItem.Value!, contentItemId);
        if (term is null) return Refusal.NotFound($"There is no category '{contentItemId}'.");
        if (name is not null && string.IsNullOrWhiteSpace(name)) return Invalid("name", "A category needs a name.");

        if (name is not null) term["TitlePart"] = new JsonObject { ["Title"] = name.Trim() };
        // The slug follows the name unless one is given.
        term["AutoroutePart"] = new JsonObject { ["Path"] = slug ?? (name is null ? term["AutoroutePart"]?["Path"]?.GetValue<string>() : null) };
        // Articles hold the term's id, not its name: the taxonomy's own change is all that readers' caches and search need.
        return await SaveAsync(taxonomyItem.Value!, contentItemId, actor, "CategoryRenamed");
    }

    /// <summary>Moves a category to a position (0 = first) in the taxonomy's order, which menus and lists follow.</summary>
    public async Task<Outcome<Category>> MoveAsync(string contentItemId, int position, Actor actor)
    {
        var taxonomyItem = await LoadTaxonomyItemAsync(actor);
        if (!taxonomyItem.Succeeded) return taxonomyItem.Refusal!;
        var terms = Terms(taxonomyItem.Value!);
        var term = FindTerm(taxonomyItem.Value!, contentItemId);
        if (term is null) return Refusal.NotFound($"There is no category '{contentItemId}'.");
        if (position < 0 || position >= terms.Count)
        {
            return Invalid("position", $"position must be between 0 and {terms.Count - 1}.");
        }

        terms.Remove(term);
        terms.Insert(position, term);
        return await SaveAsync(taxonomyItem.Value!, contentItemId, actor, "CategoryReordered");
    }

    public async Task<Outcome<bool>> DeleteAsync(string contentItemId, string? moveTo, Actor actor)
    {
        var taxonomyItem = await LoadTaxonomyItemAsync(actor);
        if (!taxonomyItem.Succeeded) return taxonomyItem.Refusal!;
        var item = taxonomyItem.Value!;
        var term = FindTerm(item, contentItemId);
        if (term is null) return Refusal.NotFound($"There is no category '{contentItemId}'.");

        var users = await db.ContentItemVersions.Include(v => v.Terms)
            .Where(v => (v.Latest || v.Published) && v.Terms.Any(t => t.FieldName == FieldKey && t.TermContentItemId == contentItemId))
            .ToListAsync();
        if (users.Count > 0 && moveTo is null)
        {
            return new Refusal(RefusalKind.Conflict, "The category is in use.",
                $"{users.Select(u => u.ContentItemId).Distinct().Count()} article(s) use this category; pass moveTo=<category id> to move them.")
            { Extensions = new Dictionary<string, object?> { ["articleCount"] = users.Select(u => u.ContentItemId).Distinct().Count() } };
        }
        if (moveTo is not null && (moveTo == contentItemId || FindTerm(item, moveTo) is null))
        {
            return Invalid("moveTo", $"'{moveTo}' is not another category to move the articles to.");
        }

        await using var unit = await UnitOfWork.BeginAsync(db);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var version in users) MoveToCategory(version, contentItemId, moveTo!, actor, now);
        var moved = users.Select(u => new ContentChange(u.ContentItemId, u.ContentType, ContentChangeKind.PublishedChanged)).Distinct().ToList();
        foreach (var change in moved) changes.Stage(db, change);
        await db.SaveChangesAsync();

        Terms(item).Remove(term);
        var saved = await writer.SavePublishedAsync(item, actor, "CategoryDeleted", $"Deleted category {contentItemId}");
        if (!saved.Succeeded) return saved.Refusal!;
        await unit.CommitAsync();
        foreach (var change in moved) changes.Publish(change);
        return true;
    }

    /// <summary>
    /// Points a stored version at another category, in place: an administrative move, recorded in the audit
    /// trail, rather than a new version of every article.
    /// </summary>
    private void MoveToCategory(ContentItemVersion version, string from, string to, Actor actor, DateTime now)
    {
        var article = ContentRecords.ToItem(version);
        var field = article.Part(options.Value.ContentType)?[options.Value.Field] as JsonObject;
        var ids = (field?["TermContentItemIds"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>()
            .Select(id => id == from ? to : id).Distinct().ToList();
        if (field is not null) field["TermContentItemIds"] = JsonValues.ToArray(ids);
        ContentRecords.Update(version, article, definitions.Current);
        Audit.Add(db, article, "CategoryMoved", null, null, actor, now, $"Category {from} deleted; moved to {to}");
    }

    private async Task<Outcome<Category>> SaveAsync(ContentItem taxonomyItem, string termId, Actor actor, string action)
    {
        var saved = await writer.SavePublishedAsync(taxonomyItem, actor, action);
        if (!saved.Succeeded) return Remap(saved.Refusal!);
        var term = Taxonomy.From(saved.Value!).FindTerm(termId)!;
        var counts = await CountArticlesAsync();
        return new Category(term.ContentItemId, term.Name, term.Slug, counts.GetValueOrDefault(term.ContentItemId));
    }

    private async Task<Outcome<ContentItem>> LoadTaxonomyItemAsync(Actor actor)
    {
        if (actor.Lacks(Permissions.ManageCategories, "Managing categories") is { } refusal) return refusal;
        var id = TaxonomyContentItemId;
        var json = id is null ? null : await db.ContentItemVersions.AsNoTracking().Where(v => v.ContentItemId == id && v.Latest).Select(v => v.Json).FirstOrDefaultAsync();
        if (json is null) return Refusal.NotFound("The site has no categories taxonomy.");
        return ContentItemJson.Parse(json);
    }

    private async Task<Dictionary<string, int>> CountArticlesAsync() =>
        await db.ContentItemTerms
            .Where(t => t.FieldName == FieldKey && db.ContentItemVersions.Any(v => v.Id == t.ContentItemVersionId && v.Published))
            .GroupBy(t => t.TermContentItemId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);

    private static JsonArray Terms(ContentItem taxonomy)
    {
        var part = taxonomy.GetOrCreatePart("TaxonomyPart");
        if (part["Terms"] is JsonArray terms) return terms;
        terms = [];
        part["Terms"] = terms;
        return terms;
    }

    private static JsonObject? FindTerm(ContentItem taxonomy, string termId) =>
        Terms(taxonomy).OfType<JsonObject>().FirstOrDefault(t => t["ContentItemId"]?.GetValue<string>() == termId);

    // Term errors come back as TaxonomyPart.Terms[i].X; the API speaks of name and slug.
    private static Refusal Remap(Refusal refusal)
    {
        if (refusal.Errors is null) return refusal;
        var errors = refusal.Errors
            .GroupBy(e => e.Key.EndsWith(".AutoroutePart.Path", StringComparison.Ordinal) ? "slug" : e.Key.EndsWith(".TitlePart.Title", StringComparison.Ordinal) ? "name" : e.Key)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray());
        return refusal with { Errors = errors, Detail = string.Join(" ", errors.SelectMany(e => e.Value)) };
    }

    private static Refusal Invalid(string field, string message) =>
        Refusal.Invalid(message, new Dictionary<string, string[]> { [field] = [message] });
}
