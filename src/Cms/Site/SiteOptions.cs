namespace Cms.Site;

/// <summary>The <c>Cms:Site</c> section: which theme readers get, the site's name, and where links point.</summary>
public sealed class SiteOptions
{
    public const string Section = "Cms:Site";

    public string Name { get; set; } = "Le Journal";

    public string Description { get; set; } = "L’actualité en France et dans le monde.";

    /// <summary>The folder under <see cref="ThemesPath"/> holding the active theme.</summary>
    public string Theme { get; set; } = "Journal";

    /// <summary>Where themes are, relative to the content root.</summary>
    public string ThemesPath { get; set; } = "themes";

    /// <summary>Absolute origin for canonical links, feeds and sitemaps (e.g. https://www.lejournal.fr); empty: taken from the request.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Articles per category, tag and search page.</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>
    /// How long after its publication an article in the Breaking role is announced (the home page's banner, the "Alerte"
    /// label, its place ahead of newer news): an alert older than that is ordinary news.
    /// </summary>
    public TimeSpan BreakingFor { get; set; } = TimeSpan.FromHours(6);
}
