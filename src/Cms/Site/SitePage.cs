using System.Text;

namespace Cms.Site;

/// <summary>A rendered answer of the public site, before caching and content negotiation.</summary>
public sealed record SitePage(int Status, string ContentType, byte[] Body)
{
    /// <summary>
    /// When the page stops being true with no change to announce it (a breaking-news banner that expires): a cached copy
    /// is dropped then. Null: only a change ends it.
    /// </summary>
    public DateTime? ExpiresUtc { get; init; }

    public const string Html = "text/html; charset=utf-8";
    public const string Xml = "application/xml; charset=utf-8";
    public const string RssXml = "application/rss+xml; charset=utf-8";
    public const string Text = "text/plain; charset=utf-8";

    public static SitePage Of(int status, string contentType, string body) => new(status, contentType, Encoding.UTF8.GetBytes(body));

    /// <summary>
    /// The style of <see cref="ServerError"/>, inline so that the page needs nothing from the theme; the site's
    /// Content-Security-Policy allows exactly this text by its hash.
    /// </summary>
    internal const string ServerErrorStyle = "body{font:18px/1.5 Georgia,serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b4f8a}";

    /// <summary>
    /// Shown when a template fails: static, so it cannot fail the same way, and without any detail of the error.
    /// </summary>
    public static SitePage ServerError { get; } = Of(StatusCodes.Status500InternalServerError, Html, $"""
        <!doctype html>
        <html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Erreur momentanée</title>
        <style>{ServerErrorStyle}</style></head>
        <body><h1>Cette page est momentanément indisponible</h1>
        <p>Une erreur nous empêche de l’afficher. Nos équipes en sont averties ; réessayez dans quelques instants.</p>
        <p><a href="/">Retour à la une</a></p></body></html>
        """);
}
