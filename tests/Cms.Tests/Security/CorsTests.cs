using System.Net;
using Cms.Tests.Admin;
using Cms.Tests.Support;

namespace Cms.Tests.Security;

public sealed class CorsHostFixture : IAsyncLifetime
{
    public const string FrontEnd = "https://front.example";

    public CmsHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:Api:Cors:Origins:0"] = FrontEnd });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Pages of the configured origins may read the delivery API from a browser, never with credentials; other origins get
/// no CORS headers, writes are not covered, and the admin cookie is not honoured for another origin's requests.
/// </summary>
public sealed class CorsTests(CorsHostFixture fixture) : IClassFixture<CorsHostFixture>
{
    private CmsHost Host => fixture.Host;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string origin, string? requestMethod = null, string? requestHeaders = null)
    {
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(method, path) { Headers = { { "Origin", origin } } };
        if (requestMethod is not null) request.Headers.Add("Access-Control-Request-Method", requestMethod);
        if (requestHeaders is not null) request.Headers.Add("Access-Control-Request-Headers", requestHeaders);
        return await client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task An_allowed_origin_reads_without_credentials_and_sees_cms_seq_and_etag()
    {
        var response = await SendAsync(HttpMethod.Get, "/api/categories", CorsHostFixture.FrontEnd);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CorsHostFixture.FrontEnd, Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        var exposed = Header(response, "Access-Control-Expose-Headers") ?? "";
        Assert.Contains("Cms-Seq", exposed);
        Assert.Contains("ETag", exposed);
    }

    [Theory]
    [InlineData("/api/search?q=x", "GET")]
    [InlineData("/api/content/abc", "GET")]
    [InlineData("/api/media/info?path=x.jpg", "GET")]
    [InlineData("/api/graphql", "POST")]
    public async Task A_preflight_from_an_allowed_origin_is_answered_without_credentials(string path, string method)
    {
        var response = await SendAsync(HttpMethod.Options, path, CorsHostFixture.FrontEnd, method, "authorization,content-type");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(CorsHostFixture.FrontEnd, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains(method, Header(response, "Access-Control-Allow-Methods"));
        Assert.Contains("authorization", Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Another_origin_gets_no_cors_headers()
    {
        var read = await SendAsync(HttpMethod.Get, "/api/categories", "https://evil.example");
        var preflight = await SendAsync(HttpMethod.Options, "/api/categories", "https://evil.example", "GET");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Null(Header(read, "Access-Control-Allow-Origin"));
        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Writes_are_not_open_to_other_origins()
    {
        var preflight = await SendAsync(HttpMethod.Options, "/api/content/abc", CorsHostFixture.FrontEnd, "PUT", "content-type");
        var users = await SendAsync(HttpMethod.Options, "/api/users", CorsHostFixture.FrontEnd, "GET");

        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(users, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_admin_cookie_is_never_honoured_for_another_origin()
    {
        using var admin = await Host.AdminClientAsync();
        var draft = await Articles.CreateAsync(admin, Articles.New("Un brouillon à ne pas divulguer", await Articles.CategoryIdAsync(admin, "politique")));
        var path = $"/api/content/{draft["ContentItemId"]}?version=latest";
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var sameOrigin = await session.Client.GetAsync(path);
        using var fromFrontEnd = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "Origin", CorsHostFixture.FrontEnd } } };
        var crossOrigin = await session.Client.SendAsync(fromFrontEnd);
        using var fromElsewhere = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "Origin", "https://evil.example" } } };
        var elsewhere = await session.Client.SendAsync(fromElsewhere);

        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, crossOrigin.StatusCode);
        Assert.Null(Header(crossOrigin, "Access-Control-Allow-Credentials"));
        Assert.DoesNotContain("Un brouillon", await crossOrigin.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }
}
