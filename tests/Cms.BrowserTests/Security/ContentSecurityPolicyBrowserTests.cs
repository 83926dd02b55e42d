using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Admin;
using Cms.Tests.Support;
using Microsoft.Playwright;
using static Cms.Tests.Media.MediaApiClient;

namespace Cms.Tests.Security;

/// <summary>
/// The site and the admin work in chromium under their Content-Security-Policy: a reader's and a newsroom's usual
/// paths raise no violation, while an inline style added to a page is refused and heard, so the watch can fail.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string KourskPath = "/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement";

    [Fact]
    public async Task A_reader_walks_the_site_without_a_policy_violation()
    {
        var (path, previewUrl) = await PublishedWithImageAsync();
        var page = await fixture.NewPageAsync();
        var violations = await CspViolations.WatchAsync(page);

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Des soldats nord-coréens à Koursk", Exact = false }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex(Regex.Escape(KourskPath) + "$"));
        await violations.SettleAsync(page);
        await page.GotoAsync("/" + path);
        await page.Locator("main img").First.WaitForAsync();
        await ExpectImagesLoadedAsync(page, "main img", "an image of the article did not load");
        await violations.SettleAsync(page);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Rubriques" }).GetByRole(AriaRole.Link, new() { Name = "Défense" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/categorie/defense$"));
        await violations.SettleAsync(page);
        await page.GetByLabel("Rechercher").First.FillAsync("Koursk");
        await page.GetByLabel("Rechercher").First.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/recherche\\?q=Koursk"));
        await violations.SettleAsync(page);
        var missing = await page.GotoAsync("/nulle-part");
        Assert.Equal((int)HttpStatusCode.NotFound, missing!.Status);
        await violations.SettleAsync(page);
        await page.GotoAsync(previewUrl);
        await page.GetByText("Prévisualisation — cette version n’est pas publiée.").WaitForAsync();
        await violations.SettleAsync(page);

        Assert.Equal(6, violations.PagesSettled);
        Assert.Empty(violations.Seen);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_goes_through_the_newsroom_without_a_policy_violation()
    {
        using var admin = await fixture.Host.AdminClientAsync();
        var category = await Articles.CategoryIdAsync(admin, "international");
        var id = (await Articles.CreateAsync(admin, Articles.New("Sous contrôle de la politique de sécurité", category)))["ContentItemId"]!.GetValue<string>();
        var folder = "csp-" + Guid.NewGuid().ToString("n")[..8];
        var page = await fixture.NewPageAsync();
        var violations = await CspViolations.WatchAsync(page);

        // Login, then the dashboard.
        await page.GotoAsync("/admin/login");
        await page.GetByLabel("Nom d’utilisateur").FillAsync(CmsHost.AdminUserName);
        await page.GetByLabel("Mot de passe").FillAsync(CmsHost.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/admin$"));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord" }).WaitForAsync();
        await violations.SettleAsync(page);

        // The media library: an upload.
        await page.GotoAsync("/admin/media");
        await page.GetByLabel("Fichier (JPEG, PNG, WebP ou GIF)").SetInputFilesAsync(new FilePayload
        {
            Name = "Vue de Kyiv.jpg", MimeType = "image/jpeg", Buffer = Cms.Tests.Media.TestImages.Jpeg(800, 600),
        });
        await page.GetByLabel("Dossier (vide : celui du mois en cours)").FillAsync(folder);
        await page.GetByLabel("Texte alternatif (décrit l’image pour qui ne la voit pas)").FillAsync("Une avenue de Kyiv sous la neige");
        await page.PressAsync("Téléverser");
        await page.ExpectStatusAsync("Image téléversée.");
        await violations.SettleAsync(page);

        // The editor: the media dialog for the lead image and for the body, then an autosave.
        await page.GotoAsync($"/admin/articles/{id}");
        await page.PressAsync("Choisir dans la médiathèque");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "📁 " + folder }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Choisir vue-de-kyiv.jpg" }).ClickAsync();
        await page.Locator(".media-preview:not([hidden])").WaitForAsync();
        var body = page.GetByRole(AriaRole.Textbox, new() { Name = "Corps de l’article" });
        await body.ClickAsync();
        await page.PressAsync("Image");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "📁 " + folder }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Choisir vue-de-kyiv.jpg" }).ClickAsync();
        await page.Locator("#caption-alt").FillAsync("Vue de Kyiv");
        await page.PressAsync("Insérer");
        await body.PressSequentiallyAsync("Un paragraphe tapé au clavier.");
        await page.ExpectStatusAsync("Brouillon enregistré automatiquement");
        await ExpectImagesLoadedAsync(page, "#body-editor img, .media-preview:not([hidden])", "an image in the editor did not load");
        await BrowserFixture.ScreenshotAsync(page, "csp-admin-editor");
        await violations.SettleAsync(page);

        // The editor's preview, the history, the content list, categories (a creation, redirected back) and users.
        await page.GotoAsync($"/admin/articles/{id}/preview");
        await violations.SettleAsync(page);
        await page.GotoAsync($"/admin/articles/{id}/history");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Historique" }).WaitForAsync();
        await violations.SettleAsync(page);
        await page.GotoAsync("/admin/articles");
        await violations.SettleAsync(page);
        await page.GotoAsync("/admin/categories");
        await page.GetByLabel("Nom de la rubrique").FillAsync("Rubrique " + folder);
        await page.PressAsync("Créer la rubrique");
        await page.GetByRole(AriaRole.Button, new() { Name = "Renommer Rubrique " + folder }).WaitForAsync();
        await violations.SettleAsync(page);
        await page.GotoAsync("/admin/users");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Utilisateurs" }).WaitForAsync();
        await violations.SettleAsync(page);

        Assert.Equal(8, violations.PagesSettled);
        Assert.Empty(violations.Seen);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/login")]
    public async Task An_inline_style_or_script_added_to_a_page_is_refused_and_heard(string url)
    {
        var page = await fixture.NewPageAsync();
        var violations = await CspViolations.WatchAsync(page);
        await page.GotoAsync(url);

        var applied = await page.EvaluateAsync<JsonElement>("""
            () => {
              const h1 = document.querySelector('h1');
              h1.setAttribute('style', 'color: rgb(255, 0, 0)');
              const script = document.createElement('script');
              script.textContent = 'window.cmsInlineRan = true;';
              document.body.appendChild(script);
              return { color: getComputedStyle(h1).color, ran: window.cmsInlineRan === true };
            }
            """);
        await violations.SettleAsync(page);

        Assert.NotEqual("rgb(255, 0, 0)", applied.GetProperty("color").GetString());
        Assert.False(applied.GetProperty("ran").GetBoolean());
        Assert.Contains(violations.Seen, v => v.StartsWith("style-src", StringComparison.Ordinal));
        Assert.Contains(violations.Seen, v => v.StartsWith("script-src", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    /// <summary>A published article with a lead image and an image in its body, and a preview link to a draft.</summary>
    private async Task<(string Path, string PreviewUrl)> PublishedWithImageAsync()
    {
        using var admin = await fixture.Host.AdminClientAsync();
        var image = PathOf(await UploadNewAsync(admin, Cms.Tests.Media.TestImages.Jpeg(1200, 800), "blindes.jpg"));
        var category = await Articles.CategoryIdAsync(admin, "defense");
        var article = Articles.New($"Des blindés sous la neige {Guid.NewGuid():n}"[..36], category,
            $"<p>Un convoi.</p><figure><img src=\"/media/{image}?width=1024\" alt=\"Un convoi\"><figcaption>Un convoi — AFP</figcaption></figure>");
        article["Article"]!["Image"] = new JsonObject { ["Paths"] = new JsonArray(image), ["MediaTexts"] = new JsonArray("Un convoi de blindés") };
        var created = await Articles.CreateAsync(admin, article);
        var id = created["ContentItemId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(admin, id, "publish")).StatusCode);
        var draft = (await Articles.CreateAsync(admin, Articles.New("Un brouillon à prévisualiser", category)))["ContentItemId"]!.GetValue<string>();
        var link = await Articles.ReadAsync(await admin.PostAsync($"/api/content/{draft}/preview-links", null));
        return (created["AutoroutePart"]!["Path"]!.GetValue<string>(), link["url"]!.GetValue<string>());
    }

    /// <summary>
    /// Waits until every image <paramref name="selector"/> finds has loaded: a resized copy is made on its first request,
    /// which a loaded machine can take a while to answer. Fails with <paramref name="failure"/> after 30 s.
    /// </summary>
    private static async Task ExpectImagesLoadedAsync(IPage page, string selector, string failure)
    {
        try
        {
            await page.WaitForFunctionAsync("s => [...document.querySelectorAll(s)].every(i => i.complete && i.naturalWidth > 0)", selector, new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail(failure);
        }
    }
}

/// <summary>
/// Every Content-Security-Policy violation a page raises, from its <c>securitypolicyviolation</c> events (listened to
/// by a script added before any of the page's own) and from chromium's console, across navigations.
/// </summary>
public sealed class CspViolations
{
    private readonly ConcurrentQueue<string> _seen = new();

    public IReadOnlyCollection<string> Seen => _seen;

    /// <summary>How many pages were waited on: so that a walk that stopped early cannot pass for a clean one.</summary>
    public int PagesSettled { get; private set; }

    public static async Task<CspViolations> WatchAsync(IPage page)
    {
        var watch = new CspViolations();
        await page.Context.ExposeFunctionAsync("cmsCspViolation", (string violation) => watch._seen.Enqueue(violation));
        await page.Context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e => window.cmsCspViolation(
              `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} on ${location.pathname} (${e.sample})`));
            """);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) watch._seen.Enqueue("console: " + message.Text);
        };
        return watch;
    }

    /// <summary>
    /// Waits until the page has loaded and its pending events have been delivered, so that a violation raised by
    /// this page is counted before the next navigation.
    /// </summary>
    public async Task SettleAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))");
        PagesSettled++;
    }
}
