using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Security;

public sealed class TokenAndUserTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    private async Task<HttpResponseMessage> TokenAsync(string userName, string password, string grantType = "password")
    {
        using var client = Host.CreateClient();
        return await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["username"] = userName,
            ["password"] = password,
        }));
    }

    [Fact]
    public async Task Right_credentials_get_an_oauth_bearer_token()
    {
        var response = await TokenAsync(CmsHost.AdminUserName, CmsHost.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await Articles.ReadAsync(response);
        Assert.Equal("Bearer", token["token_type"]!.GetValue<string>());
        Assert.Equal(3600, token["expires_in"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(token["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Wrong_password_is_invalid_grant()
    {
        var response = await TokenAsync(CmsHost.AdminUserName, "not-the-password");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await Articles.ReadAsync(response))["error"]!.GetValue<string>());
        Assert.Equal("invalid_grant", (await Articles.ReadAsync(await TokenAsync("nobody", "x")))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Other_grant_types_are_unsupported()
    {
        var response = await TokenAsync(CmsHost.AdminUserName, CmsHost.AdminPassword, "authorization_code");
        Assert.Equal("unsupported_grant_type", (await Articles.ReadAsync(response))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Repeated_failures_make_that_address_wait_without_locking_the_account()
    {
        using var user = await Host.CreateUserAsync("Author");
        for (var i = 0; i < 5; i++) await TokenAsync(user.UserName, "wrong-password");
        var response = await TokenAsync(user.UserName, "Str0ng-Password!");
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        Assert.DoesNotContain("lock", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_forged_token_is_not_a_user()
    {
        using var client = Host.CreateClient("forged-token");
        var response = await client.PostAsync("/api/content", Articles.Json(Articles.New("x", "y")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Administrator_creates_and_lists_users_with_roles()
    {
        using var admin = await Host.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/users", new { userName = "claire.martin", email = "claire@example.org", password = "Une-Phrase-De-Passe-1", roles = new[] { "Editor" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var users = await admin.GetFromJsonAsync<JsonArray>("/api/users");
        var claire = users!.Single(u => u!["userName"]!.GetValue<string>() == "claire.martin")!;
        Assert.Equal(["Editor"], claire["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray());
        Assert.DoesNotContain("PasswordHash", users!.ToJsonString());

        var duplicate = await admin.PostAsJsonAsync("/api/users", new { userName = "claire.martin", email = "c2@example.org", password = "Une-Phrase-De-Passe-1" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task Weak_passwords_and_unknown_roles_are_named()
    {
        using var admin = await Host.AdminClientAsync();
        var weak = await admin.PostAsJsonAsync("/api/users", new { userName = "faible", email = "f@example.org", password = "123" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(weak))["errors"]!["password"]);
        var role = await admin.PostAsJsonAsync("/api/users", new { userName = "roi", email = "r@example.org", password = "Une-Phrase-De-Passe-1", roles = new[] { "King" } });
        Assert.Equal(HttpStatusCode.BadRequest, role.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(role))["errors"]!["roles"]);
    }

    [Fact]
    public async Task Only_user_managers_see_or_create_users()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Client.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Client.PostAsJsonAsync("/api/users", new { userName = "x", email = "x@example.org", password = "Une-Phrase-De-Passe-1" })).StatusCode);
        using var anonymous = Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/users")).StatusCode);
    }
}
