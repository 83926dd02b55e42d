using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Delivery;
using Cms.Parts.Taxonomy;
using Cms.Security;
using Cms.Changes;
using Microsoft.EntityFrameworkCore;

namespace Cms.Categories;

/// <summary>A category; <see cref="ParentContentItemId"/> is written only for a sub-category, so that a flat list reads as before.</summary>
public sealed record Category(string ContentItemId, string Name, string Slug, int ArticleCount,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? ParentContentItemId = null);

public sealed record CategoryList(string TaxonomyContentItemId, IReadOnlyList<Category> Items);

/// <summary>
/// Categories are the terms of the taxonomy that the fields in the Category role point to. Changing them publishes a
/// new version of that taxonomy item; deleting one that items use needs a category to move them to.
/// </summary>
public sealed class CategoryService(CmsDbContext db, ContentDefinitionStore definitions, TaxonomyCache taxonomies, ContentLifecycle lifecycle,
    PublishedContent published, DatabaseDialect dialect)
{
    public string? TaxonomyContentItemId => definitions.Current.TaxonomyInRole(FieldRoles.Category);

    public async Task<Taxonomy?> GetTaxonomyAsync() =>
        TaxonomyContentItemId is { } id ? await taxonomies.GetAsync(db, id) : null;

    public async Task<Outcome<CategoryList>> ListAsync()
    {
        var taxonomy = await GetTaxonomyAsync();
        if (taxonomy is null) return Refusal.NotFound("The site has no categories taxonomy (no field of the recipe's types has the Category role).");
        var counts = await CountArticlesAsync();
        return new CategoryList(taxonomy.ContentItemId,
            taxonomy.Terms.Select(t => new Category(t.ContentItemId, t.Name, t.Slug, counts.GetValueOrDefault(t.ContentItemId), t.ParentContentItemId)).ToList());
    }

    /// <summary>A term id or a slug to a term id; null when it names no category.</summary>
    public async Task<string?> ResolveAsync(string idOrSlug)
    {
        var taxonomy = await GetTaxonomyAsync();
        return (taxonomy?.FindTerm(idOrSlug) ?? taxonomy?.FindBySlug(idOrSlug))?.ContentItemId;
    }

    /// <summary>
    /// The category named by id or slug with its sub-categories at any depth (a parent lists its children's articles);
    /// null when there is no such category.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ResolveWithDescendantsAsync(string idOrSlug)
    {
        var taxonomy = await GetTaxonomyAsync();
        var term = taxonomy?.FindTerm(idOrSlug) ?? taxonomy?.FindBySlug(idOrSlug);
        return term is null ? null : taxonomy!.SelfAndDescendants(term.ContentItemId);
    }

    /// <summary>A new category, at the top level or under <paramref name="parentContentItemId"/>.</summary>
    public Task<Outcome<Category>> CreateAsync(string? name, string? slug, Actor actor, string? parentContentItemId = null) => ChangeAsync(actor, async (taxonomy, item) =>
    {
        if (string.IsNullOrWhiteSpace(name)) return Invalid("name", "A category needs a name.");
        var siblings = Taxonomy.TermsOf(item);
        if (parentContentItemId is not null)
        {
            if (FindTerm(item, parentContentItemId) is not { } parent) return Invalid("parentContentItemId", $"There is no category '{parentContentItemId}' to put it under.");
            if (parent["Terms"] is not JsonArray children) parent["Terms"] = children = [];
            siblings = children;
        }
        var id = IdGenerator.NewId();
        siblings.Add(new JsonObject
        {
            ["ContentItemId"] = id,
            ["TitlePart"] = new JsonObject { ["Title"] = name.Trim() },
            ["AutoroutePart"] = new JsonObject { ["Path"] = slug },
        });
        return await SaveAsync(taxonomy, item, id, actor, "CategoryCreated", ChangeEvents.CategoryCreated);
    });

    /// <summary>Renames a category; with <paramref name="moveUnder"/>, also puts it under another (an id) or at the top level ("").</summary>
    public Task<Outcome<Category>> RenameAsync(string contentItemId, string? name, string? slug, Actor actor, string? moveUnder = null) => ChangeAsync(actor, async (taxonomy, item) =>
    {
        var term = FindTerm(item, contentItemId);
        if (term is null) return Refusal.NotFound($"There is no category '{contentItemId}'.");
        if (name is not null && string.IsNullOrWhiteSpace(name)) return Invalid("name", "A category needs a name.");
        if (moveUnder is not null)
        {
            var target = Taxonomy.TermsOf(item);
            if (moveUnder.Length > 0)
            {
                if (FindTerm(item, moveUnder) is not { } parent) return Invalid("parentContentItemId", $"There is no category '{moveUnder}' to put it under.");
                if (FindIn(new JsonArray(term.DeepClone()), moveUnder) is not null) return Invalid("parentContentItemId", "A category cannot go under itself or one of its sub-categories.");
                if (parent["Terms"] is not JsonArray children) parent["Terms"] = children = [];
                target = children;
            }
            ((JsonArray)term.Parent!).Remove(term);
            target.Add(term);
        }

        if (name is not null) term["TitlePart"] = new JsonObject { ["Title"] = name.Trim() };
        // The slug follows the name unless one is given.
        term["AutoroutePart"] = new JsonObject { ["Path"] = slug ?? (name is null ? term["AutoroutePart"]?["Path"]?.GetValue<string>() : null) };
        // Articles hold the term's id, not its name: the taxonomy's own change is all that readers' caches and search need.
        return await SaveAsync(taxonomy, item, contentItemId, actor, "CategoryRenamed", ChangeEvents.CategoryUpdated);
    });

    /// <summary>Moves a category to a position (0 = first) in the taxonomy's order, which menus and lists follow.</summary>
    public Task<Outcome<Category>> MoveAsync(string contentItemId, int position, Actor actor) => ChangeAsync(actor, async (taxonomy, item) =>
    {
        var term = FindTerm(item, contentItemId);
        if (term is null) return Refusal.NotFound($"There is no category '{contentItemId}'.");
        // Among its siblings: a sub-category moves under its parent.
        var terms = (JsonArray)term.Parent!;
        if (position < 0 || position >= terms.Count) return Invalid("position", $"position must be between 0 and {terms.Count - 1}.");
        terms.Remove(term);
        terms.Insert(position, term);
        return await SaveAsync(taxonomy, item, contentItemId, actor, "CategoryReordered", ChangeEvents.CategoryMoved, new JsonObject { ["position"] = position });
    });

    /// <summary>
    /// Deletes a category; the articles that use it move to <paramref name="moveTo"/>, or the delete is refused. Under the
    /// taxonomy's lock, so an article saved at the same moment with this category either commits before (and is moved or
    /// refuses the delete) or after (and is refused: the category is gone).
    /// </summary>
    public async Task<Outcome<bool>> DeleteAsync(string contentItemId, string? moveTo, Actor actor)
    {
        var deleted = await ChangeAsync(actor, async (taxonomy, item) =>
        {
            var term = FindTerm(item, contentItemId);
            if (term is null) return Refusal.NotFound($"There is no category '{contentItemId}'.");
            var users = await db.ContentItemVersions.Include(v => v.Terms)
                .Where(v => (v.Latest || v.Published) && v.Terms.Any(t => t.TermContentItemId == contentItemId))
                .ToListAsync();
            var articleCount = users.Select(u => u.ContentItemId).Distinct().Count();
            if (users.Count > 0 && moveTo is null)
            {
                return new Refusal(RefusalKind.Conflict, "The category is in use.",
                    $"{articleCount} article(s) use this category; pass moveTo=<category id> to move them.")
                { Extensions = new Dictionary<string, object?> { ["articleCount"] = articleCount } };
            }
            if (moveTo is not null && (moveTo == contentItemId || FindTerm(item, moveTo) is null))
            {
                return Invalid("moveTo", $"'{moveTo}' is not another category to move the articles to.");
            }
            if (term["Terms"] is JsonArray { Count: > 0 }) return Invalid("contentItemId", "The category has sub-categories: move or delete them first.");
            foreach (var version in users) MoveToCategory(version, contentItemId, moveTo!, actor);
            ((JsonArray)term.Parent!).Remove(term);
            var saved = await lifecycle.SavePublishedAsync(taxonomy, item, actor, "CategoryDeleted", ChangeEvents.CategoryDeleted,
                new JsonObject { ["termContentItemId"] = contentItemId, ["movedTo"] = moveTo, ["articleCount"] = articleCount },
                $"Deleted category {contentItemId}");
            return saved.Succeeded ? new Category(contentItemId, "", "", 0) : Remap(saved.Refusal!);
        });
        return deleted.Succeeded ? true : deleted.Refusal!;
    }

    /// <summary>
    /// Runs a change of the categories in one transaction, holding the taxonomy's lock from the moment it is read: every
    /// change of the categories, and every article save that names one, is serialized against this one.
    /// </summary>
    private async Task<Outcome<Category>> ChangeAsync(Actor actor, Func<ContentVersions, ContentItem, Task<Outcome<Category>>> change)
    {
        if (actor.Lacks(Permissions.ManageCategories, "Managing categories") is { } refusal) return refusal;
        var id = TaxonomyContentItemId;
        if (id is null) return Refusal.NotFound("The site has no categories taxonomy.");
        await using var transaction = await lifecycle.BeginAsync();
        await dialect.LockAsync(db, TaxonomyLocks.KeyOf(id), exclusive: true);
        var taxonomy = await lifecycle.LoadAsync(id);
        if (taxonomy is null) return Refusal.NotFound("The site has no categories taxonomy.");
        var result = await change(taxonomy, taxonomy.LatestItem());
        if (result.Succeeded) await transaction.CommitAsync();
        return result;
    }

    /// <summary>
    /// Points a stored version at another category, in place: an administrative move, recorded in the audit
    /// trail, rather than a new version of every article.
    /// </summary>
    private void MoveToCategory(ContentItemVersion version, string from, string to, Actor actor)
    {
        var article = ContentRecords.ToItem(version);
        var field = definitions.Current.Role(article.ContentType, FieldRoles.Category)?.ValueIn(article);
        var ids = (field?["TermContentItemIds"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>()
            .Select(id => id == from ? to : id).Distinct().ToList();
        if (field is not null) field["TermContentItemIds"] = JsonValues.ToArray(ids);
        lifecycle.RewriteInPlace(version, article, actor, "CategoryMoved", $"Category {from} deleted; moved to {to}");
    }

    private async Task<Outcome<Category>> SaveAsync(ContentVersions taxonomy, ContentItem item, string termId, Actor actor, string action, string feedEvent,
        JsonObject? data = null)
    {
        data ??= [];
        data["termContentItemId"] = termId;
        data["name"] = FindTerm(item, termId)?["TitlePart"]?["Title"]?.DeepClone();
        var saved = await lifecycle.SavePublishedAsync(taxonomy, item, actor, action, feedEvent, data);
        if (!saved.Succeeded) return Remap(saved.Refusal!);
        var stored = Taxonomy.From(saved.Value!).FindTerm(termId)!;
        var counts = await CountArticlesAsync();
        return new Category(stored.ContentItemId, stored.Name, stored.Slug, counts.GetValueOrDefault(stored.ContentItemId), stored.ParentContentItemId);
    }

    private Task<Dictionary<string, int>> CountArticlesAsync() => published.CountByTermAsync();


    /// <summary>A term anywhere in the tree.</summary>
    private static JsonObject? FindTerm(ContentItem taxonomy, string termId) => FindIn(Taxonomy.TermsOf(taxonomy), termId);

    private static JsonObject? FindIn(JsonArray terms, string termId)
    {
        foreach (var term in terms.OfType<JsonObject>())
        {
            if (term["ContentItemId"]?.GetValue<string>() == termId) return term;
            if (term["Terms"] is JsonArray children && FindIn(children, termId) is { } found) return found;
        }
        return null;
    }

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
