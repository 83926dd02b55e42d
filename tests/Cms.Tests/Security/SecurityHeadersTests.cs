using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Cms.Tests.Support;
using static Cms.Tests.Media.MediaApiClient;

namespace Cms.Tests.Security;

/// <summary>
/// Every kind of answer carries the security headers: pages get a policy that runs only this origin's scripts and
/// styles, the admin a strict one that also isolates it from other windows, and what is not a page (JSON, problem
/// details, media, theme files) one under which nothing loads or runs.
/// </summary>
public sealed class SecurityHeadersTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task The_home_page_an_article_and_a_category_get_the_site_policy()
    {
        using var reader = Host.CreateClient();

        foreach (var url in new[] { "/", "/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement", "/categorie/defense", "/recherche?q=Koursk" })
        {
            var response = await reader.GetAsync(url);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            SecuredAnswer.AssertSitePage(response);
        }
    }

    [Fact]
    public async Task A_page_answered_304_keeps_the_headers()
    {
        using var reader = Host.CreateClient();
        var first = await reader.GetAsync("/categorie/defense");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/categorie/defense");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var response = await reader.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        SecuredAnswer.AssertSitePage(response);
    }

    [Fact]
    public async Task The_themed_404_and_a_bad_page_number_get_the_site_policy()
    {
        using var reader = Host.CreateClient();

        var missing = await reader.GetAsync("/nulle-part-" + Guid.NewGuid().ToString("n"));
        var badPage = await reader.GetAsync("/categorie/defense?page=x");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        SecuredAnswer.AssertSitePage(missing);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        SecuredAnswer.AssertSitePage(badPage);
    }

    [Fact]
    public async Task An_api_json_answer_gets_the_policy_under_which_nothing_loads()
    {
        using var reader = Host.CreateClient();

        var response = await reader.GetAsync("/api/categories");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        SecuredAnswer.AssertNoContent(response);
    }

    [Fact]
    public async Task Problem_details_400_and_404_get_the_headers()
    {
        using var reader = Host.CreateClient();

        var badQuery = await reader.GetAsync("/api/content?pageSize=beaucoup");
        var unknownItem = await reader.GetAsync("/api/content/4n0such1tem000000000000000");
        var unknownRoute = await reader.GetAsync("/api/nothing-here");

        foreach (var (response, status) in new[] { (badQuery, HttpStatusCode.BadRequest), (unknownItem, HttpStatusCode.NotFound), (unknownRoute, HttpStatusCode.NotFound) })
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            SecuredAnswer.AssertNoContent(response);
        }
    }

    [Fact]
    public async Task A_body_the_server_cannot_read_is_a_400_from_the_exception_handler_with_the_headers()
    {
        // Kestrel throws on a malformed chunk while the endpoint reads the form; the answer written in its place (by the
        // exception handler or the reader's own refusal) must not lose the headers. HttpClient cannot send such a body.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Host.BaseAddress.Host, Host.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/lucene/content HTTP/1.1\r\nHost: {Host.BaseAddress.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nindexName=articles\r\n0\r\n\r\n"));
        using var answer = new StreamReader(stream, Encoding.UTF8);

        var text = await answer.ReadToEndAsync();

        var head = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");
        Assert.Equal("HTTP/1.1 400 Bad Request", head[0]);
        var headers = head.Skip(1).Select(h => h.Split(": ", 2)).ToDictionary(h => h[0], h => h[1], StringComparer.OrdinalIgnoreCase);
        Assert.Equal("application/problem+json", headers["Content-Type"]);
        Assert.Equal("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", headers["Content-Security-Policy"]);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
        Assert.Equal("DENY", headers["X-Frame-Options"]);
        Assert.Equal("strict-origin-when-cross-origin", headers["Referrer-Policy"]);
    }

    [Fact]
    public async Task Media_originals_variants_and_their_304s_get_the_headers()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var path = PathOf(await UploadNewAsync(editor.Client, Cms.Tests.Media.TestImages.Jpeg(64, 48), "photo.jpg"));
        using var reader = Host.CreateClient();

        var original = await reader.GetAsync($"/media/{path}");
        var variant = await reader.GetAsync($"/media/{path}?width=160&format=webp");
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/media/{path}");
        again.Headers.IfNoneMatch.Add(original.Headers.ETag!);
        var notModified = await reader.SendAsync(again);
        var missing = await reader.GetAsync("/media/nulle-part/absente.jpg");

        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal("image/jpeg", original.Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/webp", variant.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var response in new[] { original, variant, notModified, missing }) SecuredAnswer.AssertNoContent(response);
    }

    [Fact]
    public async Task Theme_files_get_the_headers()
    {
        using var reader = Host.CreateClient();

        var stylesheet = await reader.GetAsync("/theme/journal.css");
        var icon = await reader.GetAsync("/theme/favicon.svg");
        var missing = await reader.GetAsync("/theme/absent.css");

        Assert.Equal("text/css", stylesheet.Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var response in new[] { stylesheet, icon, missing }) SecuredAnswer.AssertNoContent(response);
    }

    [Fact]
    public async Task A_preview_page_and_a_revoked_link_get_the_site_policy()
    {
        using var admin = await Host.AdminClientAsync();
        var created = await Articles.CreateAsync(admin, Articles.New("Brouillon à montrer", await Articles.CategoryIdAsync(admin, "culture")));
        var id = created["ContentItemId"]!.GetValue<string>();
        var link = await Articles.ReadAsync(await admin.PostAsync($"/api/content/{id}/preview-links", null));
        using var holder = Host.CreateClient();

        var page = await holder.GetAsync(link["url"]!.GetValue<string>());
        await admin.DeleteAsync($"/api/content/{id}/preview-links/{link["id"]!.GetValue<string>()}");
        var revoked = await holder.GetAsync(link["url"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Brouillon à montrer", await page.Content.ReadAsStringAsync());
        // The site's policy, except that the editor (this origin, and nothing else) frames a preview.
        foreach (var answer in new[] { page, revoked })
        {
            var policy = SecuredAnswer.Policy(answer);
            Assert.Equal(["'self'"], policy["frame-ancestors"]);
            Assert.Equal(["'self'"], policy["script-src"]);
            Assert.Equal(["'self'"], policy["style-src"].Take(1));
            Assert.Equal("SAMEORIGIN", answer.Headers.GetValues("X-Frame-Options").Single());
        }
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
    }

    [Fact]
    public async Task Health_and_the_token_endpoint_get_the_headers()
    {
        using var client = Host.CreateClient();

        var health = await client.GetAsync("/health");
        var refused = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "personne", ["password"] = "pas-le-bon-mot-de-passe",
        }));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        SecuredAnswer.AssertNoContent(health);
        SecuredAnswer.AssertNoContent(refused);
    }

    [Fact]
    public async Task Admin_pages_their_assets_and_redirects_get_the_strict_admin_policy()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress };

        var login = await anonymous.GetAsync("/admin/login");
        var script = await anonymous.GetAsync("/admin/assets/admin.js");
        var redirect = await anonymous.GetAsync("/admin/articles");
        var otherCase = await anonymous.GetAsync("/ADMIN/login");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherCase.StatusCode);
        foreach (var response in new[] { login, script, redirect, otherCase }) SecuredAnswer.AssertAdmin(response);
    }

    [Fact]
    public async Task The_api_reference_path_has_its_own_page_policy_among_the_api_s()
    {
        using var reader = Host.CreateClient();

        var policy = SecuredAnswer.Policy(await reader.GetAsync("/api/docs/"));

        Assert.Equal(["'self'"], policy["default-src"]);
        // The reference page (Scalar) asks for a nonce: its inline module script runs with it, and nothing else inline.
        Assert.Equal("'self'", policy["script-src"][0]);
        Assert.StartsWith("'nonce-", Assert.Single(policy["script-src"].Skip(1)));
        Assert.Equal(["'self'", "'unsafe-inline'"], policy["style-src"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
    }

    [Fact]
    public async Task A_path_that_only_starts_like_a_prefix_is_the_site_s()
    {
        using var reader = Host.CreateClient();

        var response = await reader.GetAsync("/apiculture");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        SecuredAnswer.AssertSitePage(response);
    }
}

/// <summary>What each family of answers must carry.</summary>
public static class SecuredAnswer
{
    public static void AssertSitePage(HttpResponseMessage response)
    {
        AssertPage(response);
        Assert.False(response.Headers.Contains("Cross-Origin-Opener-Policy"), "the site does not isolate itself from the windows it opens");
    }

    public static void AssertAdmin(HttpResponseMessage response)
    {
        AssertPage(response);
        Assert.Equal("same-origin", Single(response, "Cross-Origin-Opener-Policy"));
        // Only the site's error page has an inline style, allowed by its hash.
        Assert.Equal(["'self'"], Policy(response)["style-src"]);
    }

    public static void AssertNoContent(HttpResponseMessage response)
    {
        AssertCommon(response);
        var policy = Policy(response);
        Assert.Equal(["'none'"], policy["default-src"]);
        Assert.False(policy.ContainsKey("script-src"), "nothing may run");
        Assert.False(policy.ContainsKey("style-src"), "nothing may load");
    }

    /// <summary>The directives of the answer's Content-Security-Policy, each with its sources.</summary>
    public static Dictionary<string, string[]> Policy(HttpResponseMessage response) =>
        Single(response, "Content-Security-Policy").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);

    private static void AssertPage(HttpResponseMessage response)
    {
        AssertCommon(response);
        var policy = Policy(response);
        Assert.Equal(["'self'"], policy["default-src"]);
        Assert.Equal(["'self'"], policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"][0]);
        Assert.All(policy["style-src"].Skip(1), s => Assert.StartsWith("'sha256-", s));
        Assert.Equal(["'self'", "data:", "blob:"], policy["img-src"]);
        Assert.Equal(["'none'"], policy["object-src"]);
        Assert.Equal(["'self'"], policy["base-uri"]);
        Assert.Equal(["'self'"], policy["form-action"]);
        Assert.DoesNotContain(policy.Values.SelectMany(s => s), s => s is "'unsafe-inline'" or "'unsafe-eval'" or "*");
    }

    private static void AssertCommon(HttpResponseMessage response)
    {
        Assert.Equal(["'none'"], Policy(response)["frame-ancestors"]);
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Single(response, "Permissions-Policy"));
    }

    private static string Single(HttpResponseMessage response, string header)
    {
        Assert.True(response.Headers.TryGetValues(header, out var values), $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no {header}");
        return Assert.Single(values);
    }
}
