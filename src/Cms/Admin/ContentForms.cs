using Cms.Content.Definitions;
using Cms.Data;
using Cms.Parts.Taxonomy;
using Microsoft.EntityFrameworkCore;

namespace Cms.Admin;

/// <summary>Builds the editor form of a type from the current definitions and the terms of its taxonomies.</summary>
public sealed class ContentForms(ContentDefinitionStore store, TaxonomyCache taxonomies, CmsDbContext db)
{
    public async Task<ContentForm?> LoadAsync(string typeName)
    {
        var definitions = store.Current;
        var type = definitions.FindType(typeName);
        if (type is null) return null;
        var fields = new List<EditorField>();
        foreach (var part in type.Parts)
        {
            foreach (var field in definitions.FieldsOf(part).OrderBy(ContentForm.Position))
            {
                IReadOnlyList<TaxonomyTerm> terms = [];
                if (field.FieldName == "TaxonomyField" && field.Settings["TaxonomyFieldSettings"]?["TaxonomyContentItemId"]?.GetValue<string>() is { } taxonomyId)
                {
                    terms = (await taxonomies.GetAsync(db, taxonomyId))?.Terms ?? [];
                }
                fields.Add(new EditorField($"{part.Name}.{field.Name}", part.Name, field, terms));
            }
        }
        return new ContentForm(type, fields);
    }

    /// <summary>Whether readers see a version of the item (possibly an older one than the latest).</summary>
    public Task<bool> HasPublishedVersionAsync(string contentItemId) =>
        db.ContentItemVersions.AnyAsync(v => v.ContentItemId == contentItemId && v.Published);

    /// <summary>The path readers reach the published version at ("Voir sur le site"); null when none is published or it has no path.</summary>
    public Task<string?> PublishedPathAsync(string contentItemId) =>
        db.ContentItemVersions.Where(v => v.ContentItemId == contentItemId && v.Published).Select(v => v.Path).FirstOrDefaultAsync();
}
