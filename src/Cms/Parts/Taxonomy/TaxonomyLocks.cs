namespace Cms.Parts.Taxonomy;

/// <summary>
/// The lock that serializes a taxonomy's changes (held exclusively) with the saves of items that point to its terms
/// (held shared): a category deleted while an article using it is saved cannot leave the article on a deleted term.
/// </summary>
public static class TaxonomyLocks
{
    public static string KeyOf(string taxonomyContentItemId) => "taxonomy:" + taxonomyContentItemId;
}
