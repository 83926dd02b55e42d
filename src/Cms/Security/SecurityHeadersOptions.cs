using System.Text.RegularExpressions;

namespace Cms.Security;

/// <summary>
/// The <c>Cms:SecurityHeaders</c> section: what an operator may let the pages load from elsewhere, without code.
/// Each entry is a Content-Security-Policy source: an origin (<c>https://player.vimeo.com</c>, <c>https://*.example.org</c>)
/// or a scheme (<c>https:</c>).
/// </summary>
public sealed partial class SecurityHeadersOptions
{
    public const string Section = "Cms:SecurityHeaders";

    /// <summary>
    /// Where the public site's pages may frame content from: the players of embedded videos
    /// (<c>https://www.youtube-nocookie.com</c>, <c>https://player.vimeo.com</c>). Empty: no frame at all.
    /// </summary>
    public List<string> FrameSources { get; set; } = [];

    /// <summary>
    /// Other places the site's and the admin's pages may show images from (an image CDN, pictures hot-linked in
    /// article bodies). Empty: the CMS's own media only.
    /// </summary>
    public List<string> ImageSources { get; set; } = [];

    /// <summary>
    /// Stops the start, naming the setting, when an entry is not a source: a quote, a semicolon or a space would
    /// otherwise change the policy rather than extend it.
    /// </summary>
    public void Validate()
    {
        Check(FrameSources, nameof(FrameSources));
        Check(ImageSources, nameof(ImageSources));
    }

    /// <summary>Whether <paramref name="value"/> is a host source (with a scheme) or a scheme source.</summary>
    public static bool IsSource(string value) => SourcePattern().IsMatch(value);

    private static void Check(List<string> sources, string name)
    {
        foreach (var source in sources)
        {
            if (!IsSource(source))
            {
                throw new Data.CmsStartupException($"{Section}:{name} has '{source}', which is not a source: give an origin such as " +
                    "https://player.vimeo.com (a leading *. for subdomains) or a scheme such as https:.");
            }
        }
    }

    [GeneratedRegex(@"^(?:[a-z][a-z0-9+.-]*:|https?://(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:[0-9]{1,5}|\*))?(?:/[a-z0-9._~%!$&()*+=:@/-]*)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SourcePattern();
}
