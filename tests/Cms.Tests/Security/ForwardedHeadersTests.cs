using System.Net;
using System.Text.RegularExpressions;
using Cms.Tests.Support;

namespace Cms.Tests.Security;

/// <summary>Two hosts: one behind a proxy at 127.0.0.1 (where the tests are), one that trusts a proxy elsewhere.</summary>
public sealed class ProxyHostsFixture : IAsyncLifetime
{
    public CmsHost BehindProxy { get; private set; } = null!;
    public CmsHost OtherProxy { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BehindProxy = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:ReverseProxy:KnownProxies:0"] = "127.0.0.1" });
        OtherProxy = await CmsHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Cms:ReverseProxy:KnownNetworks:0"] = "192.0.2.0/24",
            ["Cms:RateLimits:FailuresBeforeWait"] = "2",
            ["Cms:RateLimits:FailureWait"] = "01:00:00",
        });
    }

    public async Task DisposeAsync()
    {
        await BehindProxy.DisposeAsync();
        await OtherProxy.DisposeAsync();
    }
}

/// <summary>
/// X-Forwarded-For, -Proto and -Host are believed from the configured proxies only: behind a TLS proxy the request is
/// HTTPS (Secure cookies, HSTS); from anyone else the headers change nothing.
/// </summary>
public sealed partial class ForwardedHeadersTests(ProxyHostsFixture fixture) : IClassFixture<ProxyHostsFixture>
{
    /// <summary>Signs in through the admin login by hand (a cookie container would not send a Secure cookie back over http).</summary>
    private static async Task<(HttpResponseMessage Form, HttpResponseMessage SignIn)> SignInAsync(CmsHost host, string proto)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var get = new HttpRequestMessage(HttpMethod.Get, "/admin/login") { Headers = { { "X-Forwarded-Proto", proto } } };
        var form = await client.SendAsync(get);
        var html = await form.Content.ReadAsStringAsync();
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = CmsHost.AdminUserName,
                ["password"] = CmsHost.AdminPassword,
                ["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value,
            }),
            Headers = { { "X-Forwarded-Proto", proto }, { "Cookie", antiforgery.Split(';')[0] } },
        };
        return (form, await client.SendAsync(post));
    }

    private static string Cookie(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    private static bool IsSecure(string setCookie) => setCookie.Split(';').Any(p => p.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Behind_a_known_tls_proxy_the_sign_in_and_antiforgery_cookies_are_secure()
    {
        var (form, signIn) = await SignInAsync(fixture.BehindProxy, "https");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.True(IsSecure(Cookie(signIn, "cms.auth")), Cookie(signIn, "cms.auth"));
        Assert.True(IsSecure(form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Behind_a_known_proxy_a_plain_http_request_gets_cookies_without_secure()
    {
        var (_, signIn) = await SignInAsync(fixture.BehindProxy, "http");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.False(IsSecure(Cookie(signIn, "cms.auth")));
    }

    [Fact]
    public async Task From_an_address_that_is_not_a_known_proxy_x_forwarded_proto_is_ignored()
    {
        var (_, signIn) = await SignInAsync(fixture.OtherProxy, "https");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.False(IsSecure(Cookie(signIn, "cms.auth")));
    }

    [Fact]
    public async Task Https_through_a_known_proxy_gets_hsts()
    {
        using var client = fixture.BehindProxy.CreateClient();
        using var https = new HttpRequestMessage(HttpMethod.Get, "/health") { Headers = { { "X-Forwarded-Proto", "https" }, { "X-Forwarded-Host", "www.example.org" } } };
        using var http = new HttpRequestMessage(HttpMethod.Get, "/health") { Headers = { { "X-Forwarded-Host", "www.example.org" } } };

        var secured = await client.SendAsync(https);
        var plain = await client.SendAsync(http);

        Assert.True(secured.Headers.Contains("Strict-Transport-Security"));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task From_an_address_that_is_not_a_known_proxy_x_forwarded_for_does_not_change_who_is_counted()
    {
        using var client = fixture.OtherProxy.CreateClient();
        var userName = $"victim-{Guid.NewGuid():n}";
        var answers = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = userName, ["password"] = "x" }),
                Headers = { { "X-Forwarded-For", $"203.0.113.{i}" } },
            };
            answers.Add((await client.SendAsync(request)).StatusCode);
        }

        // Two failures make an address wait: all three came from 127.0.0.1, whatever the header said.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], answers);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
