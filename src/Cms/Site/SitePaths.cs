namespace Cms.Site;

/// <summary>The public site's URLs, in one place.</summary>
public static class SitePaths
{
    public const string Search = "/recherche";
    public const string Rss = "/rss";

    public static string Item(string path) => "/" + Escape(path.TrimStart('/'));

    public static string Category(string slug) => "/categorie/" + Uri.EscapeDataString(slug);

    public static string CategoryRss(string slug) => Category(slug) + "/rss";

    public static string Author(string slug) => "/auteur/" + Uri.EscapeDataString(slug);

    public static string AuthorRss(string slug) => Author(slug) + "/rss";

    public static string Tag(string slug) => "/tag/" + Uri.EscapeDataString(slug);

    public static string Asset(string name) => "/theme/" + Escape(name);

    /// <summary>Adds <c>?page=n</c> (or <c>&amp;page=n</c>) to a list's URL; page 1 is the bare URL.</summary>
    public static string Paged(string url, int page) =>
        page <= 1 ? url : url + (url.Contains('?') ? "&" : "?") + "page=" + page;

    private static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
