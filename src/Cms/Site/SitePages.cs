using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Cms.Content;
using Cms.Media;
using Cms.Parts.Corrections;
using Cms.Parts.Taxonomy;
using Cms.Search;
using Cms.Security;
using Microsoft.Extensions.Options;

namespace Cms.Site;

/// <summary>Builds each HTML page of the public site from published content: the model, the page's metadata, the render.</summary>
public sealed class SitePages(SiteReader reader, SiteRenderer renderer, IOptions<SiteOptions> options, TimeProvider clock, IServiceProvider services)
{
    public const string HomeHeading = "Les nouvelles les plus importantes de la journée";
    private const int HomeCount = 24;
    private const int RelatedCount = 4;
    private const int ShareImageWidth = 1280;

    // Escapes <, >, &, quotes and + in JSON-LD, so that no value can close the script element.
    private SiteOptions Site => options.Value;

    public async Task<SitePage> HomeAsync(string baseUrl)
    {
        var latest = await reader.LatestAsync(0, HomeCount);
        var definitions = reader.Definitions;
        var since = BreakingSince();
        var alerts = latest.Where(i => ContentViews.IsBreaking(definitions, i, since)).ToList();
        var views = await ViewsAsync([.. alerts, .. latest.Except(alerts)]);
        var model = new Dictionary<string, object?>
        {
            ["Heading"] = HomeHeading,
            // The banner: alerts still announced, newest first, each linking to its article.
            ["Alerts"] = views.List.Take(alerts.Count).ToList(),
            ["Lead"] = views.List.FirstOrDefault(),
            ["Articles"] = views.List.Skip(1).ToList(),
        };
        var page = Meta($"{Site.Name} — {HomeHeading}", Site.Description, baseUrl + "/");
        return await RenderAsync(StatusCodes.Status200OK, ["home"], model, page, baseUrl, views.Categories, views.ExpiresUtc);
    }

    public async Task<SitePage> ArticleAsync(string path, string baseUrl)
    {
        var item = await reader.ByPathAsync(path);
        if (item is null) return await NotFoundAsync(baseUrl);
        return await ItemPageAsync(item, baseUrl, _ => { });
    }

    /// <summary>
    /// An item's latest version (a draft, a correction in progress) as the site would show it, with a banner saying it is
    /// a preview and no invitation to index it. Its caller keeps it out of every cache.
    /// </summary>
    public Task<SitePage> PreviewAsync(ContentItem item, string baseUrl) => ItemPageAsync(item, baseUrl, page =>
    {
        page["Preview"] = true;
        page["NoIndex"] = true;
        page["Title"] = $"Prévisualisation : {page["Title"]}";
    });

    private async Task<SitePage> ItemPageAsync(ContentItem item, string baseUrl, Action<Dictionary<string, object?>> decorate)
    {
        var definitions = reader.Definitions;
        var related = await reader.RelatedAsync(item, ContentViews.CategoryId(definitions, item), RelatedCount);
        var views = await ViewsAsync([item, .. related]);
        var model = views.List[0];
        model["Related"] = views.List.Skip(1).ToList();
        // "Updated" is what readers are told: a correction or a major update, not a silent typo fix (CorrectionsPart).
        var updated = CorrectionsPart.UpdatedUtc(item, definitions);
        var corrections = CorrectionsPart.Notes(item);
        model["Updated"] = updated - item.PublishedUtc > TimeSpan.FromMinutes(1);
        model["UpdatedUtc"] = updated;
        model["Corrections"] = corrections.Select(n => new Dictionary<string, object?> { ["Text"] = n.Text, ["PublishedUtc"] = n.PublishedUtc }).ToList();

        var title = (string)model["Title"]!;
        var url = baseUrl + (string)model["Url"]!;
        var standfirst = model["Standfirst"] as string;
        var page = Meta($"{title} | {Site.Name}", standfirst ?? Site.Description, url);
        var image = model["Image"] is Dictionary<string, object?> img ? baseUrl + renderer.Media.Url((string)img["Path"]!, ShareImageWidth, "jpeg") : null;
        var section = (model["Category"] as Dictionary<string, object?>)?["Name"] as string;
        page["Type"] = "article";
        page["ShareTitle"] = title;
        page["Image"] = image;
        page["ImageAlt"] = (model["Image"] as Dictionary<string, object?>)?["Alt"];
        page["PublishedTime"] = item.PublishedUtc is { } p ? FrenchDates.Iso(p) : null;
        page["ModifiedTime"] = CorrectionsPart.DateModifiedUtc(item, definitions) is { } m ? FrenchDates.Iso(m) : null;
        page["Section"] = section;
        // News (a type with a category) is a NewsArticle; anything else a plain web page.
        ApplySeo(item, page, baseUrl);
        page["JsonLd"] = definitions.ListedTypes.Contains(item.ContentType)
            ? NewsArticleJsonLd(item, updated, corrections, title, standfirst, Bylines(model), url, image, section, baseUrl)
            : WebPageJsonLd(title, standfirst, url);
        decorate(page);
        var type = item.ContentType.ToLowerInvariant();
        return await RenderAsync(StatusCodes.Status200OK, [$"content-{type}", "content"], model, page, baseUrl, views.Categories, views.ExpiresUtc);
    }

    public async Task<SitePage> CategoryAsync(string slug, int pageNumber, string baseUrl)
    {
        var categories = await reader.CategoriesAsync();
        var term = categories?.FindBySlug(slug);
        if (term is null) return await NotFoundAsync(baseUrl);
        return await TermPageAsync("category", "Category", term, SitePaths.Category(term.Slug), pageNumber, baseUrl,
            SitePaths.CategoryRss(term.Slug), categories!.SelfAndDescendants(term.ContentItemId));
    }

    public async Task<SitePage> TagAsync(string slug, int pageNumber, string baseUrl)
    {
        var tags = await reader.TagsAsync();
        var term = tags?.FindBySlug(slug);
        if (term is null) return await NotFoundAsync(baseUrl);
        return await TermPageAsync("tag", "Tag", term, SitePaths.Tag(term.Slug), pageNumber, baseUrl, null);
    }

    /// <summary>
    /// An author's page: the profile and the published news naming them, paged like a category. An author without a page
    /// address, or without a published article (a bio alone is not a page a reader can use), has no page: 404.
    /// </summary>
    public async Task<SitePage> AuthorAsync(string slug, int pageNumber, string baseUrl)
    {
        var author = await reader.AuthorBySlugAsync(slug);
        if (author?.Slug is null) return await NotFoundAsync(baseUrl);
        var all = await reader.ByAuthorAsync(author.UserId);
        var pages = Math.Max(1, (all.Count + Site.PageSize - 1) / Site.PageSize);
        if (all.Count == 0 || pageNumber > pages) return await NotFoundAsync(baseUrl);
        var views = await ViewsAsync(all.Skip((pageNumber - 1) * Site.PageSize).Take(Site.PageSize).ToList());
        var url = SitePaths.Author(author.Slug);
        var model = new Dictionary<string, object?>
        {
            ["Author"] = new Dictionary<string, object?>
            {
                ["Name"] = author.DisplayName, ["Bio"] = author.Bio, ["Photo"] = author.Photo, ["Url"] = url, ["Rss"] = SitePaths.AuthorRss(author.Slug),
            },
            ["Articles"] = views.List,
            ["Total"] = all.Count,
        };
        var title = pageNumber > 1 ? $"{author.DisplayName} — page {pageNumber} | {Site.Name}" : $"{author.DisplayName} | {Site.Name}";
        var meta = Meta(title, author.Bio ?? $"Les articles de {author.DisplayName} sur {Site.Name}.", baseUrl + SitePaths.Paged(url, pageNumber));
        meta["Type"] = "profile";
        meta["Rss"] = baseUrl + SitePaths.AuthorRss(author.Slug);
        Paging(model, meta, url, pageNumber, all.Count, baseUrl);
        return await RenderAsync(StatusCodes.Status200OK, ["author", "list"], model, meta, baseUrl, views.Categories, views.ExpiresUtc);
    }

    public async Task<SitePage> SearchAsync(string? query, string? category, int pageNumber, string baseUrl, CancellationToken cancellationToken)
    {
        var model = new Dictionary<string, object?> { ["Query"] = query ?? "", ["Category"] = category ?? "", ["Hits"] = new List<object?>(), ["Facets"] = new List<object?>() };
        var status = StatusCodes.Status200OK;
        var meta = Meta(string.IsNullOrWhiteSpace(query) ? $"Recherche | {Site.Name}" : $"« {query} » : recherche | {Site.Name}", Site.Description, baseUrl + SitePaths.Search);
        meta["NoIndex"] = true;
        if (!string.IsNullOrWhiteSpace(query))
        {
            var anonymous = await services.GetRequiredService<RolePermissions>().GetActorAsync(new ClaimsPrincipal(new ClaimsIdentity()));
            var outcome = await services.GetRequiredService<IContentSearch>().SearchAsync(
                new SearchRequest(query.Trim(), string.IsNullOrWhiteSpace(category) ? null : category, Page: pageNumber, PageSize: Site.PageSize), anonymous, cancellationToken);
            if (outcome.Succeeded)
            {
                ShowResults(model, meta, outcome.Value!, query, category, pageNumber, baseUrl);
            }
            else
            {
                status = outcome.Refusal!.Kind == RefusalKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
                model["Error"] = outcome.Refusal.Detail;
            }
        }
        var categories = await reader.CategoriesAsync();
        return await RenderAsync(status, ["search"], model, meta, baseUrl, categories);
    }

    private void ShowResults(Dictionary<string, object?> model, Dictionary<string, object?> meta, SearchResults results, string query, string? category, int pageNumber, string baseUrl)
    {
        model["Total"] = results.Total;
        model["Hits"] = results.Items.Select(h => new Dictionary<string, object?>
        {
            ["Title"] = h.Title,
            ["Url"] = SitePaths.Item(h.Path),
            ["PublishedUtc"] = h.PublishedUtc,
            ["CategoryName"] = h.CategoryName,
            ["CategoryUrl"] = h.CategorySlug is null ? null : SitePaths.Category(h.CategorySlug),
            ["Snippet"] = h.Snippet,
        }).ToList();
        model["Facets"] = results.CategoryFacets.Select(f => new Dictionary<string, object?>
        {
            ["Name"] = f.Name,
            ["Slug"] = f.Slug,
            ["Count"] = f.Count,
            ["Url"] = SearchUrl(query, f.Slug),
            ["Selected"] = string.Equals(f.Slug, category, StringComparison.OrdinalIgnoreCase),
        }).ToList();
        model["AllUrl"] = SearchUrl(query, null);
        Paging(model, meta, SearchUrl(query, category), pageNumber, results.Total, baseUrl);
    }

    /// <summary>The same answer for an unknown path and for anything unpublished: nothing hints that a draft exists.</summary>
    public async Task<SitePage> NotFoundAsync(string baseUrl)
    {
        var page = Meta($"Page introuvable | {Site.Name}", Site.Description, null);
        page["NoIndex"] = true;
        return await RenderAsync(StatusCodes.Status404NotFound, ["notfound"], null, page, baseUrl, await reader.CategoriesAsync());
    }

    private async Task<SitePage> TermPageAsync(string template, string name, TaxonomyTerm term, string url, int pageNumber, string baseUrl, string? rss,
        IReadOnlyList<string>? withChildren = null)
    {
        var several = withChildren is { Count: > 1 };
        var total = several ? await reader.CountInAsync(withChildren!) : await reader.CountAsync(term.ContentItemId);
        var pages = Math.Max(1, (total + Site.PageSize - 1) / Site.PageSize);
        if (pageNumber > pages) return await NotFoundAsync(baseUrl);
        var items = several
            ? await reader.LatestInAsync((pageNumber - 1) * Site.PageSize, Site.PageSize, withChildren!)
            : await reader.LatestAsync((pageNumber - 1) * Site.PageSize, Site.PageSize, term.ContentItemId);
        var views = await ViewsAsync(items);
        var model = new Dictionary<string, object?>
        {
            [name] = ContentViews.Term(term, url),
            ["Articles"] = views.List,
            ["Total"] = total,
        };
        var title = pageNumber > 1 ? $"{term.Name} — page {pageNumber} | {Site.Name}" : $"{term.Name} | {Site.Name}";
        var meta = Meta(title, $"{term.Name} : toute l’actualité sur {Site.Name}.", baseUrl + SitePaths.Paged(url, pageNumber));
        if (rss is not null) meta["Rss"] = baseUrl + rss;
        Paging(model, meta, url, pageNumber, total, baseUrl);
        return await RenderAsync(StatusCodes.Status200OK, [template, "list"], model, meta, baseUrl, views.Categories, views.ExpiresUtc);
    }

    private void Paging(Dictionary<string, object?> model, Dictionary<string, object?> meta, string url, int pageNumber, int total, string baseUrl)
    {
        var pages = Math.Max(1, (total + Site.PageSize - 1) / Site.PageSize);
        model["Page"] = pageNumber;
        model["TotalPages"] = pages;
        model["PrevUrl"] = pageNumber > 1 ? SitePaths.Paged(url, pageNumber - 1) : null;
        model["NextUrl"] = pageNumber < pages ? SitePaths.Paged(url, pageNumber + 1) : null;
        meta["Prev"] = model["PrevUrl"] is string prev ? baseUrl + prev : null;
        meta["Next"] = model["NextUrl"] is string next ? baseUrl + next : null;
    }

    private static string SearchUrl(string query, string? category) =>
        $"{SitePaths.Search}?q={Uri.EscapeDataString(query)}" + (string.IsNullOrEmpty(category) ? "" : $"&categorie={Uri.EscapeDataString(category)}");

    /// <summary>
    /// The items' views, the site's categories, and when the first alert among them stops being announced: the page shows
    /// it as an alert until then, so a cached copy must not outlive it.
    /// </summary>
    private async Task<(List<Dictionary<string, object?>> List, Taxonomy? Categories, DateTime? ExpiresUtc)> ViewsAsync(IReadOnlyList<ContentItem> items)
    {
        var categories = await reader.CategoriesAsync();
        var tags = await reader.TagsAsync();
        var definitions = reader.Definitions;
        var media = await reader.MediaAsync(ContentViews.ImagePaths(definitions, items));
        var since = BreakingSince();
        var expires = items.Where(i => ContentViews.IsBreaking(definitions, i, since)).Select(i => i.PublishedUtc!.Value + Site.BreakingFor).DefaultIfEmpty().Min();
        var authors = await reader.AuthorsAsync(items);
        return (new ContentViews(definitions, categories, tags, media, since, authors).Views(items), categories, expires == default ? null : expires);
    }

    private DateTime BreakingSince() => clock.GetUtcNow().UtcDateTime - Site.BreakingFor;

    /// <summary>
    /// Orchard's SeoMetaPart, when the item has it: what the newsroom wrote for search engines and sharing replaces the
    /// title, the standfirst and the lead image in the page's head; an empty value leaves the default.
    /// </summary>
    private void ApplySeo(ContentItem item, Dictionary<string, object?> page, string baseUrl)
    {
        var partName = reader.Definitions.FindType(item.ContentType)?.Parts.FirstOrDefault(p => p.PartName == "SeoMetaPart")?.Name;
        if (partName is null || item.Part(partName) is not { } seo) return;
        static string? Text(System.Text.Json.Nodes.JsonNode? node) =>
            node is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
        if (Text(seo["PageTitle"]) is { } title) page["Title"] = $"{title} | {Site.Name}";
        if (Text(seo["MetaDescription"]) is { } description) page["Description"] = description;
        if (Text(seo["OpenGraphTitle"]) is { } shareTitle) page["ShareTitle"] = shareTitle;
        if (Text(seo["OpenGraphDescription"]) is { } shareDescription) page["ShareDescription"] = shareDescription;
        if ((seo["OpenGraphImage"]?["Paths"] as System.Text.Json.Nodes.JsonArray)?.FirstOrDefault() is { } first && Text(first) is { } image)
        {
            page["Image"] = baseUrl + renderer.Media.Url(image, ShareImageWidth, "jpeg");
            page["ImageAlt"] = Text((seo["OpenGraphImage"]?["MediaTexts"] as System.Text.Json.Nodes.JsonArray)?.FirstOrDefault()) ?? page["ImageAlt"];
        }
    }

    private Dictionary<string, object?> Meta(string title, string description, string? canonical) => new()
    {
        ["Title"] = title,
        ["Description"] = description,
        ["Canonical"] = canonical,
        ["Type"] = "website",
    };

    private async Task<SitePage> RenderAsync(int status, string[] templates, object? model, Dictionary<string, object?> page, string baseUrl, Taxonomy? categories,
        DateTime? expiresUtc = null)
    {
        var site = new Dictionary<string, object?>
        {
            ["Name"] = Site.Name,
            ["Description"] = Site.Description,
            ["BaseUrl"] = baseUrl,
            ["Categories"] = (categories?.Terms ?? []).Select(t => ContentViews.Term(t, SitePaths.Category(t.Slug))).ToList(),
            ["SearchUrl"] = SitePaths.Search,
            ["Rss"] = baseUrl + SitePaths.Rss,
        };
        var html = await renderer.RenderAsync(templates, model, new PageContext(baseUrl, site, page));
        return SitePage.Of(status, SitePage.Html, html) with { ExpiresUtc = expiresUtc };
    }

    private static string WebPageJsonLd(string title, string? description, string url)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ContentItemJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("@context", "https://schema.org");
            json.WriteString("@type", "WebPage");
            json.WriteString("name", title);
            if (description is not null) json.WriteString("description", description);
            json.WriteString("url", url);
            json.WriteString("inLanguage", "fr");
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The people the JSON-LD names as authors: the Byline override alone when set, else the authors (with their page).</summary>
    private static List<(string Name, string? Url)> Bylines(Dictionary<string, object?> model) =>
        model["Byline"] is string byline
            ? [(byline, null)]
            : ((List<Dictionary<string, object?>>)model["Authors"]!).Select(a => ((string)a["Name"]!, a["Url"] as string)).ToList();

    private string NewsArticleJsonLd(ContentItem item, DateTime? updated, IReadOnlyList<CorrectionNote> corrections, string title, string? subtitle,
        List<(string Name, string? Url)> bylines, string url, string? image, string? section, string baseUrl)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ContentItemJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("@context", "https://schema.org");
            json.WriteString("@type", "NewsArticle");
            json.WriteString("headline", title);
            if (subtitle is not null) json.WriteString("description", subtitle);
            if (item.PublishedUtc is { } published) json.WriteString("datePublished", FrenchDates.Iso(published));
            if ((updated ?? item.PublishedUtc) is { } modified) json.WriteString("dateModified", FrenchDates.Iso(modified));
            if (corrections.Count > 0)
            {
                json.WriteStartArray("correction");
                foreach (var note in corrections)
                {
                    json.WriteStartObject();
                    json.WriteString("@type", "CorrectionComment");
                    json.WriteString("text", note.Text);
                    json.WriteString("datePublished", FrenchDates.Iso(note.PublishedUtc));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteStartArray("author");
            foreach (var (name, page) in bylines)
            {
                json.WriteStartObject();
                json.WriteString("@type", "Person");
                json.WriteString("name", name);
                if (page is not null) json.WriteString("url", baseUrl + page);
                json.WriteEndObject();
            }
            if (bylines.Count == 0)
            {
                json.WriteStartObject();
                json.WriteString("@type", "Organization");
                json.WriteString("name", Site.Name);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (image is not null)
            {
                json.WriteStartArray("image");
                json.WriteStringValue(image);
                json.WriteEndArray();
            }
            json.WriteStartObject("publisher");
            json.WriteString("@type", "NewsMediaOrganization");
            json.WriteString("name", Site.Name);
            json.WriteString("url", baseUrl + "/");
            json.WriteEndObject();
            if (section is not null) json.WriteString("articleSection", section);
            json.WriteStartObject("mainEntityOfPage");
            json.WriteString("@type", "WebPage");
            json.WriteString("@id", url);
            json.WriteEndObject();
            json.WriteString("inLanguage", "fr");
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
