using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Parts.Taxonomy;
using Cms.Security;

namespace Cms.Tags;

public sealed record Tag(string ContentItemId, string Name, string Slug);

public sealed record TagList(string TaxonomyContentItemId, IReadOnlyList<Tag> Items);

/// <summary>
/// Tags are the terms of the taxonomy that the fields in the Tags role point to. Those who publish create them on the
/// spot while editing (a tag is a word on an article, not the site's structure: categories stay with ManageCategories);
/// a second tag of the same name is refused, so the type-ahead never offers two "Ukraine".
/// </summary>
public sealed class TagService(CmsDbContext db, ContentDefinitionStore definitions, TaxonomyCache taxonomies, ContentLifecycle lifecycle, DatabaseDialect dialect)
{
    /// <summary>Creating a tag needs the permission to publish: editors create tags, authors choose among them.</summary>
    public const string CreatePermission = Permissions.PublishContent;

    private string? TaxonomyContentItemId => definitions.Current.TaxonomyInRole(FieldRoles.Tags);

    public async Task<Outcome<TagList>> ListAsync()
    {
        var taxonomy = TaxonomyContentItemId is { } id ? await taxonomies.GetAsync(db, id) : null;
        if (taxonomy is null) return Refusal.NotFound("The site has no tags taxonomy (no field of the recipe's types has the Tags role).");
        return new TagList(taxonomy.ContentItemId, taxonomy.Terms.Select(View).OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).ToList());
    }

    public async Task<Outcome<Tag>> CreateAsync(string? name, Actor actor)
    {
        if (actor.Lacks(CreatePermission, "Creating a tag") is { } refusal) return refusal;
        if (string.IsNullOrWhiteSpace(name)) return Refusal.Invalid("A tag needs a name.", new Dictionary<string, string[]> { ["name"] = ["A tag needs a name."] });
        name = name.Trim();
        if (name.Length > 255) return Refusal.Invalid("A tag's name is at most 255 characters.", new Dictionary<string, string[]> { ["name"] = ["At most 255 characters."] });
        var id = TaxonomyContentItemId;
        if (id is null) return Refusal.NotFound("The site has no tags taxonomy.");
        await using var transaction = await lifecycle.BeginAsync();
        // The taxonomy's lock, as for categories: two editors creating "Ukraine" at once make one tag, and the other is told.
        await dialect.LockAsync(db, TaxonomyLocks.KeyOf(id), exclusive: true);
        var versions = await lifecycle.LoadAsync(id);
        if (versions is null) return Refusal.NotFound("The site has no tags taxonomy.");
        var item = versions.LatestItem();
        var terms = Taxonomy.TermsOf(item);
        if (terms.OfType<JsonObject>().FirstOrDefault(t => string.Equals(t["TitlePart"]?["Title"]?.GetValue<string>(), name, StringComparison.CurrentCultureIgnoreCase)) is { } existing)
        {
            return Refusal.Conflict($"There is already a tag named '{existing["TitlePart"]?["Title"]?.GetValue<string>()}' ({existing["ContentItemId"]?.GetValue<string>()}).") with
            {
                Extensions = new Dictionary<string, object?> { ["contentItemId"] = existing["ContentItemId"]?.GetValue<string>() },
            };
        }
        var termId = IdGenerator.NewId();
        terms.Add(new JsonObject
        {
            ["ContentItemId"] = termId,
            ["TitlePart"] = new JsonObject { ["Title"] = name },
            ["AutoroutePart"] = new JsonObject { ["Path"] = null },
        });
        var saved = await lifecycle.SavePublishedAsync(versions, item, actor, "TagCreated", ChangeEvents.ContentUpdated, new JsonObject { ["termContentItemId"] = termId, ["name"] = name });
        if (!saved.Succeeded)
        {
            // A name whose slug another tag already has: the same tag to a reader, so the same refusal.
            var slugTaken = saved.Refusal!.Errors?.Any(e => e.Key.EndsWith(".AutoroutePart.Path", StringComparison.Ordinal)) == true;
            return slugTaken ? Refusal.Conflict($"Another tag already has the address of '{name}'.") : saved.Refusal!;
        }
        await transaction.CommitAsync();
        return View(Taxonomy.From(saved.Value!).FindTerm(termId)!);
    }

    private static Tag View(TaxonomyTerm term) => new(term.ContentItemId, term.Name, term.Slug);
}
