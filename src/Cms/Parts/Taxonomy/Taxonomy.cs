using System.Text.Json.Nodes;
using Cms.Content;

namespace Cms.Parts.Taxonomy;

/// <summary>A term of a taxonomy: a nested content item in <c>TaxonomyPart.Terms</c>, with a title and a slug.</summary>
public sealed record TaxonomyTerm(string ContentItemId, string Name, string Slug);

/// <summary>A taxonomy's terms in order, read from its content item.</summary>
public sealed record Taxonomy(string ContentItemId, string ContentItemVersionId, string? Name, string TermContentType, IReadOnlyList<TaxonomyTerm> Terms)
{
    public TaxonomyTerm? FindTerm(string contentItemId) => Terms.FirstOrDefault(t => t.ContentItemId == contentItemId);

    public TaxonomyTerm? FindBySlug(string slug) => Terms.FirstOrDefault(t => string.Equals(t.Slug, slug, StringComparison.OrdinalIgnoreCase));

    public static Taxonomy From(ContentItem item)
    {
        var part = item.Part("TaxonomyPart");
        var terms = new List<TaxonomyTerm>();
        if (part?["Terms"] is JsonArray array)
        {
            foreach (var term in array.OfType<JsonObject>())
            {
                var id = term["ContentItemId"]?.GetValue<string>();
                if (id is null) continue;
                terms.Add(new TaxonomyTerm(
                    id,
                    term["TitlePart"]?["Title"]?.GetValue<string>() ?? term["DisplayText"]?.GetValue<string>() ?? "",
                    term["AutoroutePart"]?["Path"]?.GetValue<string>() ?? ""));
            }
        }
        return new Taxonomy(item.ContentItemId, item.ContentItemVersionId, item.DisplayText, part?["TermContentType"]?.GetValue<string>() ?? "", terms);
    }
}
