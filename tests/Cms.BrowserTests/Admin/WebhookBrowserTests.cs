using System.Text.RegularExpressions;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

public sealed class WebhookBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>The policy the admin is to get: nothing inline, scripts and styles from the site only.</summary>
    private const string StrictPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";

    [Fact]
    public async Task An_administrator_creates_a_webhook_pings_it_and_reads_the_refusal_in_its_log_under_a_strict_policy()
    {
        var page = await AdminPages.SignInAsync(fixture, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };
        await page.RouteAsync(new Regex("/admin/webhooks"), async route =>
        {
            if (route.Request.Method != "GET")
            {
                await route.ContinueAsync();
                return;
            }
            var response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers) { ["content-security-policy"] = StrictPolicy };
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });

        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks", Exact = true }).ClickAsync();
        // The default host refuses loopback targets: the log will say so.
        await page.GetByLabel("Adresse du destinataire").FillAsync("http://127.0.0.1:9/hook");
        await page.GetByLabel("Tous les événements").UncheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Publication content.published", Exact = true }).CheckAsync();
        await page.PressAsync("Créer le webhook");
        var secret = await page.GetByLabel(new Regex("^Secret du webhook")).InputValueAsync();
        await BrowserFixture.ScreenshotAsync(page, "webhook-created");
        await page.GetByRole(AriaRole.Link, new() { Name = "Voir ce webhook et envoyer un test" }).ClickAsync();
        await page.PressAsync("Envoyer un test (ping)");
        await page.ExpectStatusAsync("Test envoyé");
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && !await page.GetByText("Échec", new() { Exact = true }).IsVisibleAsync(); await Task.Delay(500))
        {
            await page.ReloadAsync();
        }
        await BrowserFixture.ScreenshotAsync(page, "webhook-log");

        Assert.StartsWith("whsec_", secret);
        Assert.True(await page.GetByText("Échec", new() { Exact = true }).IsVisibleAsync());
        Assert.True(await page.GetByText(new Regex("127.0.0.1 is a loopback address")).IsVisibleAsync());
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Renvoyer l’envoi", Exact = false }).First.IsVisibleAsync());
        Assert.Empty(violations);
    }
}
