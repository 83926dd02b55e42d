using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cms.Data;
using Cms.Tests.Support;

namespace Cms.Tests.Security;

/// <summary>
/// The static page shown when a template fails keeps its inline style under the site's policy (allowed by its hash,
/// not by 'unsafe-inline'), and <c>Cms:SecurityHeaders</c> lets an operator allow video players and image hosts.
/// </summary>
public sealed partial class SecurityHeadersSettingsTests : IAsyncLifetime
{
    private readonly string _themes = Path.Combine(Path.GetTempPath(), "cms-themes", Guid.NewGuid().ToString("n"));
    private CmsHost _host = null!;

    public async Task InitializeAsync()
    {
        var broken = Path.Combine(_themes, "Broken");
        Directory.CreateDirectory(Path.Combine(broken, "assets"));
        await File.WriteAllTextAsync(Path.Combine(broken, "theme.json"), """{ "name": "Broken", "description": "Un thème qui échoue", "version": "0.1.0" }""");
        await File.WriteAllTextAsync(Path.Combine(broken, "layout.liquid"), "<!doctype html><html lang=\"fr\"><body>{{ Content | raw }}</body></html>");
        await File.WriteAllTextAsync(Path.Combine(broken, "home.liquid"), "<h1>{% for x in %}</h1>");
        await File.WriteAllTextAsync(Path.Combine(broken, "notfound.liquid"), "<h1>Rien ici</h1>");
        _host = await CmsHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Cms:Site:ThemesPath"] = _themes,
            ["Cms:Site:Theme"] = "Broken",
            ["Cms:SecurityHeaders:FrameSources:0"] = "https://www.youtube-nocookie.com",
            ["Cms:SecurityHeaders:FrameSources:1"] = "https://player.vimeo.com",
            ["Cms:SecurityHeaders:ImageSources:0"] = "https://images.example.org",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_themes, recursive: true);
    }

    [Fact]
    public async Task The_static_error_page_s_style_is_allowed_by_its_hash()
    {
        using var reader = _host.CreateClient();

        var response = await reader.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var style = Assert.Single(StyleBlock().Matches(html)).Groups[1].Value;
        var hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)))}'";
        Assert.Contains(hash, SecuredAnswer.Policy(response)["style-src"]);
        Assert.DoesNotContain("style=", html);
    }

    [Fact]
    public async Task Configured_players_may_be_framed_and_configured_hosts_shown_by_the_site()
    {
        using var reader = _host.CreateClient();

        var site = SecuredAnswer.Policy(await reader.GetAsync("/nulle-part"));
        var admin = SecuredAnswer.Policy(await reader.GetAsync("/admin/login"));

        Assert.Equal(["https://www.youtube-nocookie.com", "https://player.vimeo.com"], site["frame-src"]);
        Assert.Equal(["'self'", "data:", "blob:", "https://images.example.org"], site["img-src"]);
        Assert.Equal(["'none'"], site["frame-ancestors"]);
        // The admin shows article bodies, hence their images, and frames only the site's previews (same origin).
        Assert.Equal(["'self'", "data:", "blob:", "https://images.example.org"], admin["img-src"]);
        Assert.Equal(["'self'"], admin["frame-src"]);
    }

    [Theory]
    [InlineData("FrameSources", "https://player.vimeo.com; script-src *")]
    [InlineData("ImageSources", "'unsafe-inline'")]
    [InlineData("ImageSources", "images.example.org")]
    public async Task A_setting_that_is_not_a_source_stops_the_start_naming_it(string setting, string value)
    {
        var dataPath = CmsHost.NewDataPath();
        try
        {
            var error = await Assert.ThrowsAsync<CmsStartupException>(() => CmsHost.StartAsync(dataPath, new Dictionary<string, string?>
            {
                [$"Cms:SecurityHeaders:{setting}:0"] = value,
            }));

            Assert.Contains($"Cms:SecurityHeaders:{setting}", error.Message);
            Assert.Contains(value, error.Message);
        }
        finally
        {
            CmsHost.DeleteData(dataPath);
        }
    }

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();
}
