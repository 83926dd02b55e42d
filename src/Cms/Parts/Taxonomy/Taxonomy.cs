using System.Text.Json.Nodes;
using Cms.Content;

namespace Cms.Parts.Taxonomy;

/// <summary>
/// A term of a taxonomy: a nested content item in <c>TaxonomyPart.Terms</c>, with a title and a slug; a term's own
/// <c>Terms</c> hold its children, as in Orchard Core (<see cref="ParentContentItemId"/> names the parent).
/// </summary>
public sealed record TaxonomyTerm(string ContentItemId, string Name, string Slug, string? ParentContentItemId = null);

/// <summary>A taxonomy's terms in order, read from its content item.</summary>
public sealed record Taxonomy(string ContentItemId, string ContentItemVersionId, string? Name, string TermContentType, IReadOnlyList<TaxonomyTerm> Terms)
{
    public TaxonomyTerm? FindTerm(string contentItemId) => Terms.FirstOrDefault(t => t.ContentItemId == contentItemId);

    public TaxonomyTerm? FindBySlug(string slug) => Terms.FirstOrDefault(t => string.Equals(t.Slug, slug, StringComparison.OrdinalIgnoreCase));

    /// <summary>The term and every term under it: what a parent category's page lists.</summary>
    public IReadOnlyList<string> SelfAndDescendants(string contentItemId)
    {
        var ids = new List<string> { contentItemId };
        for (var i = 0; i < ids.Count; i++) ids.AddRange(Terms.Where(t => t.ParentContentItemId == ids[i]).Select(t => t.ContentItemId));
        return ids;
    }

    /// <summary>The taxonomy item's own term tree (<c>TaxonomyPart.Terms</c>), made empty when it has none, for a change to write into.</summary>
    public static System.Text.Json.Nodes.JsonArray TermsOf(ContentItem taxonomy)
    {
        var part = taxonomy.GetOrCreatePart("TaxonomyPart");
        if (part["Terms"] is System.Text.Json.Nodes.JsonArray terms) return terms;
        terms = [];
        part["Terms"] = terms;
        return terms;
    }

    public static Taxonomy From(ContentItem item)
    {
        var part = item.Part("TaxonomyPart");
        var terms = new List<TaxonomyTerm>();
        // Depth first, so that the flat list keeps the tree's order: a parent, then its children.
        void Add(JsonArray array, string? parent)
        {
            foreach (var term in array.OfType<JsonObject>())
            {
                var id = term["ContentItemId"]?.GetValue<string>();
                if (id is null) continue;
                terms.Add(new TaxonomyTerm(
                    id,
                    term["TitlePart"]?["Title"]?.GetValue<string>() ?? term["DisplayText"]?.GetValue<string>() ?? "",
                    term["AutoroutePart"]?["Path"]?.GetValue<string>() ?? "",
                    parent));
                if (term["Terms"] is JsonArray children) Add(children, id);
            }
        }
        if (part?["Terms"] is JsonArray array) Add(array, null);
        return new Taxonomy(item.ContentItemId, item.ContentItemVersionId, item.DisplayText, part?["TermContentType"]?.GetValue<string>() ?? "", terms);
    }
}
