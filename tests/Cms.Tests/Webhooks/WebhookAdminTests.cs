using System.Net;
using System.Text.RegularExpressions;
using Cms.Tests.Admin;
using Cms.Tests.Support;

namespace Cms.Tests.Webhooks;

public sealed partial class WebhookAdminTests(WebhookHostFixture fixture) : IClassFixture<WebhookHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task An_administrator_creates_a_webhook_sees_its_secret_once_and_pings_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var created = await session.PostFormAsync("/admin/webhooks?handler=Create", new() { ["url"] = receiver.Url, ["events"] = "content.published" }, "/admin/webhooks");
        var page = await created.Content.ReadAsStringAsync();
        var secret = WebUtility.HtmlDecode(SecretInput().Match(page).Groups[1].Value);
        var id = DetailLink().Match(page).Groups[1].Value;
        var pinged = await session.PostFormAsync($"/admin/webhooks/{id}?handler=Ping", [], $"/admin/webhooks/{id}");
        var ping = (await receiver.WaitForAsync(r => r.Count == 1)).Single();
        var list = await session.Client.GetStringAsync("/admin/webhooks");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.StartsWith("whsec_", secret);
        Assert.Equal("webhook.ping", ping.Event);
        Assert.True(ping.IsSignedWith(secret));
        Assert.Equal(HttpStatusCode.Redirect, pinged.StatusCode);
        Assert.Contains(receiver.Url, list);
        Assert.DoesNotContain(secret, list);
        Assert.DoesNotContain(secret, await session.Client.GetStringAsync($"/admin/webhooks/{id}"));
        await session.PostFormAsync($"/admin/webhooks/{id}?handler=Delete", [], $"/admin/webhooks/{id}");
    }

    [Fact]
    public async Task The_log_shows_each_delivery_with_its_answer_and_a_resend_button()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(500);
        using var admin = await Host.AdminClientAsync();
        var hook = await WebhookApi.CreateAsync(admin, new { url = receiver.Url, events = new[] { "content.published" } });
        var hookId = hook["id"].Str();
        using var editor = await Host.CreateUserAsync("Editor");
        var title = "Dans le journal " + Guid.NewGuid().ToString("n")[..6];
        await WebhookApi.PublishArticleAsync(editor.Client, title);
        await WebhookApi.WaitForDeliveriesAsync(admin, hookId, d => d.Any(x => x["status"].Str() == "succeeded"));
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var html = await session.Client.GetStringAsync($"/admin/webhooks/{hookId}");

        Assert.Contains($"{title} — first publication", html);
        Assert.Contains(">Reçu</span>", html);
        Assert.Contains("HTTP 200", html);
        Assert.Contains(">Renvoyer</button>", html);
        Assert.Matches(@"<td>2</td>", html);
        await admin.DeleteAsync($"/api/webhooks/{hookId}");
    }

    [Fact]
    public async Task A_bad_address_is_refused_in_french_and_the_form_keeps_what_was_typed()
    {
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var response = await session.PostFormAsync("/admin/webhooks?handler=Create", new() { ["url"] = "ftp://exemple.fr/x", ["events"] = "content.deleted" }, "/admin/webhooks");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Saisissez une adresse complète commençant par http:// ou https://.", html);
        Assert.Contains("value=\"ftp://exemple.fr/x\"", html);
        Assert.Matches("id=\"new-event-content.deleted\"[^>]*checked", html);
    }

    [Fact]
    public async Task Editors_neither_see_nor_open_the_webhooks_page()
    {
        var editor = await Host.CreateUserAsync("Editor");
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, "Str0ng-Password!");
        using var administrator = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var response = await session.Client.GetAsync("/admin/webhooks");
        var dashboard = await session.Client.GetStringAsync("/admin");

        Assert.StartsWith("/admin/denied", new Uri(Host.BaseAddress, response.Headers.Location!).AbsolutePath);
        Assert.DoesNotContain("/admin/webhooks", dashboard);
        Assert.Contains("<a href=\"/admin/webhooks\">Webhooks</a>", await administrator.Client.GetStringAsync("/admin"));
    }

    [Fact]
    public async Task The_webhook_pages_carry_no_inline_script_or_style()
    {
        using var admin = await Host.AdminClientAsync();
        var hook = await WebhookApi.CreateAsync(admin, new { url = "https://hooks.example.org/csp" });
        await admin.PostAsync($"/api/webhooks/{hook["id"].Str()}/ping", null);
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var pages = new[] { await session.Client.GetStringAsync("/admin/webhooks"), await session.Client.GetStringAsync($"/admin/webhooks/{hook["id"].Str()}") };

        Assert.All(pages, html =>
        {
            Assert.Contains("<script src=\"/admin/assets/admin.js\"", html);
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(InlineStyleOrHandler(), html);
        });
        await admin.DeleteAsync($"/api/webhooks/{hook["id"].Str()}");
    }

    [GeneratedRegex("id=\"created-secret\" readonly value=\"([^\"]+)\"")]
    private static partial Regex SecretInput();

    [GeneratedRegex("href=\"/admin/webhooks/([a-z0-9]{26})\"")]
    private static partial Regex DetailLink();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<style\b|\sstyle=|\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyleOrHandler();
}
