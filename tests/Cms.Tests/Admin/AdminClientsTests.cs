using System.Net;
using System.Text.RegularExpressions;
using Cms.Tests.Security;
using Cms.Tests.Support;

namespace Cms.Tests.Admin;

/// <summary>"Clients d'intégration": administrators make clients there, see the secret once, and revoke them.</summary>
public sealed partial class AdminClientsTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task An_administrator_makes_a_client_sees_its_secret_once_and_revokes_it()
    {
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var name = $"Front {Guid.NewGuid():n}"[..20];

        var created = await session.PostFormAsync("/admin/clients?handler=Create", new() { ["name"] = name, ["permission"] = "ViewContent" }, "/admin/clients");
        var html = await created.Content.ReadAsStringAsync();
        var clientId = CreatedId().Match(html).Groups[1].Value;
        var secret = CreatedSecret().Match(html).Groups[1].Value;
        using var http = Host.CreateClient();
        var token = await ClientCredentialsTests.ClientTokenAsync(http, clientId, secret);
        var list = await session.Client.GetStringAsync("/admin/clients");
        var revoked = await session.PostFormAsync($"/admin/clients?handler=Revoke&id={clientId}", [], "/admin/clients");
        var afterRevocation = await ClientCredentialsTests.ClientTokenAsync(http, clientId, secret);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore, "no cache keeps the secret");
        Assert.NotEqual("", secret);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Contains(name, list);
        Assert.Contains(clientId, list);
        Assert.DoesNotContain(secret, list);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevocation.StatusCode);
    }

    [Fact]
    public async Task An_editor_may_not_open_the_clients_page()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, "Str0ng-Password!");

        var response = await session.Client.GetAsync("/admin/clients");
        var dashboard = await session.Client.GetStringAsync("/admin");

        Assert.StartsWith("/admin/denied", new Uri(Host.BaseAddress, response.Headers.Location!).AbsolutePath);
        Assert.DoesNotContain("Clients d’intégration", dashboard);
    }

    [GeneratedRegex("id=\"created-client-id\">([^<]+)<")]
    private static partial Regex CreatedId();

    [GeneratedRegex("id=\"created-client-secret\">([^<]+)<")]
    private static partial Regex CreatedSecret();
}
