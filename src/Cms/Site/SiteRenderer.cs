using System.Text.Encodings.Web;
using System.Text.Unicode;
using Cms.Media;
using Fluid;
using Microsoft.Extensions.Options;

namespace Cms.Site;

/// <summary>The values every template sees besides its model: the site, the page's metadata and the request's origin.</summary>
public sealed record PageContext(string BaseUrl, Dictionary<string, object?> Site, Dictionary<string, object?> Page);

/// <summary>
/// Renders a page with the active theme: the most specific template of its kind, then <c>layout.liquid</c> around it.
/// Output is HTML-encoded by Fluid's encoder (accents kept as they are); only values passed through <c>raw</c> are not.
/// </summary>
public sealed class SiteRenderer
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly TemplateOptions _options = new();
    private readonly Lazy<Theme> _theme;

    public MediaUrls Media { get; }

    public SiteRenderer(IOptions<SiteOptions> options, IWebHostEnvironment environment, MediaUrls media, TimeProvider clock)
    {
        Media = media;
        var themes = Path.GetFullPath(options.Value.ThemesPath, environment.ContentRootPath);
        _theme = new Lazy<Theme>(() =>
        {
            var theme = new Theme(Path.Combine(themes, options.Value.Theme));
            _options.FileProvider = theme.Files;
            return theme;
        });
        _options.TimeZone = Paris.Zone;
        _options.Now = clock.GetUtcNow;
        _options.CultureInfo = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
        _options.MaxSteps = 1_000_000;
        _options.DefaultFileExtension = ".liquid";
        SiteFilters.Register(_options, media);
    }

    public Theme Theme => _theme.Value;

    /// <param name="templates">Candidate template names, most specific first (<c>content-article</c>, <c>content</c>).</param>
    public async Task<string> RenderAsync(string[] templates, object? model, PageContext page)
    {
        var theme = Theme;
        var template = theme.Find(templates) ?? throw new ThemeTemplateException($"The theme '{theme.Manifest.Name}' has none of the templates {string.Join(", ", templates)}.");
        var layout = theme.Find("layout");

        var context = new TemplateContext(_options);
        context.AmbientValues[SiteFilters.BaseUrlKey] = page.BaseUrl;
        context.AmbientValues[SiteFilters.ThemeKey] = theme;
        context.SetValue("Model", model);
        context.SetValue("Site", page.Site);
        context.SetValue("Page", page.Page);
        var body = await template.RenderAsync(context, Encoder);
        if (layout is null) return body;
        context.SetValue("Content", new Fluid.Values.StringValue(body, encode: false));
        return await layout.RenderAsync(context, Encoder);
    }
}
