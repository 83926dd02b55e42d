using System.Net;
using System.Net.Http.Json;
using Cms.Tests.Support;

namespace Cms.Tests.Admin;

public sealed class AdminAccessTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    public static TheoryData<string> AdminRoutes => new()
    {
        "/admin", "/admin/articles", "/admin/articles/new", "/admin/articles/some-id", "/admin/articles/some-id/history",
        "/admin/articles/some-id/preview", "/admin/categories", "/admin/users", "/admin/media", "/admin/media/picker",
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Anonymous_users_are_sent_to_the_login_page(string route)
    {
        using var session = new AdminSession(Host);

        var response = await session.Client.GetAsync(route);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/admin/categories")]
    [InlineData("/admin/users")]
    public async Task An_author_gets_403_on_administration_pages(string route)
    {
        var author = await Host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, "Str0ng-Password!");

        var response = await session.Client.GetAsync(route);
        var denied = await session.Client.GetAsync(response.Headers.Location);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/denied", new Uri(Host.BaseAddress, response.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task A_user_without_a_newsroom_role_gets_403_on_the_dashboard()
    {
        using var admin = await Host.AdminClientAsync();
        var userName = $"lecteur-{Guid.NewGuid():n}"[..16];
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, email = userName + "@example.org", password = "Str0ng-Password!", roles = Array.Empty<string>() });
        created.EnsureSuccessStatusCode();
        using var session = await AdminSession.SignInAsync(Host, userName, "Str0ng-Password!");

        var response = await session.Client.GetAsync("/admin");

        Assert.StartsWith("/admin/denied", new Uri(Host.BaseAddress, response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task An_editor_gets_403_on_the_users_page()
    {
        var editor = await Host.CreateUserAsync("Editor");
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, "Str0ng-Password!");

        var response = await session.Client.GetAsync("/admin/users");

        Assert.StartsWith("/admin/denied", new Uri(Host.BaseAddress, response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task A_signed_in_author_reaches_the_dashboard()
    {
        var author = await Host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, "Str0ng-Password!");

        var html = await session.Client.GetStringAsync("/admin");

        Assert.Contains("Mes brouillons", html);
        Assert.DoesNotContain("File de relecture", html);
    }

    [Fact]
    public async Task The_login_form_without_an_antiforgery_token_is_refused()
    {
        using var session = new AdminSession(Host);

        var response = await session.Client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = CmsHost.AdminUserName,
            ["password"] = CmsHost.AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/admin/categories?handler=Create", "name", "Sans jeton")]
    [InlineData("/admin/users?handler=Create", "userName", "sans-jeton")]
    [InlineData("/admin/articles/new", "act", "save")]
    [InlineData("/admin/logout", "x", "y")]
    [InlineData("/admin/media?handler=Delete", "path", "2024/11/photo.jpg")]
    public async Task Forms_posted_without_an_antiforgery_token_are_refused(string path, string field, string value)
    {
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var response = await session.Client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { [field] = value }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_cookie_alone_does_not_authorize_api_writes()
    {
        var editor = await Host.CreateUserAsync("Editor");
        var id = (await Articles.CreateAsync(editor.Client, Articles.New("Brouillon protégé", await Articles.CategoryIdAsync(editor.Client, "sport"))))["ContentItemId"]!.GetValue<string>();
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, "Str0ng-Password!");

        var read = await session.Client.GetAsync($"/api/content/{id}?version=latest");
        var publish = await session.Client.PostAsync($"/api/content/{id}/publish", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var reader = Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, publish.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/content/{id}")).StatusCode);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_make_that_address_wait_without_saying_the_account_is_locked()
    {
        var author = await Host.CreateUserAsync("Author");
        using var session = new AdminSession(Host);
        for (var i = 0; i < 5; i++)
        {
            await session.PostFormAsync("/admin/login", new() { ["userName"] = author.UserName, ["password"] = "wrong-password-" + i });
        }

        var response = await session.PostFormAsync("/admin/login", new() { ["userName"] = author.UserName, ["password"] = "Str0ng-Password!" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("Trop de tentatives de connexion", html);
        Assert.DoesNotContain("bloqué", html);
    }

    [Fact]
    public async Task A_stale_save_is_refused_with_a_link_to_the_other_version()
    {
        var author = await Host.CreateUserAsync("Author");
        var category = await Articles.CategoryIdAsync(author.Client, "defense");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Premier jet", category));
        var id = created["ContentItemId"]!.GetValue<string>();
        var first = created["ContentItemVersionId"]!.GetValue<string>();
        await Articles.SaveAsync(author.Client, id, first, Articles.New("Modifié ailleurs", category));
        using var session = await AdminSession.SignInAsync(Host, author.UserName, "Str0ng-Password!");

        var response = await session.PostFormAsync($"/admin/articles/{id}", new()
        {
            ["act"] = "save", ["basedOn"] = first, ["TitlePart.Title"] = "Ma version", ["Article.Category"] = category, ["HtmlBodyPart.Html"] = "<p>Mon texte</p>",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.Conflict, html);
        Assert.Contains("Voir l’autre version", html);
        Assert.Contains("Ma version", html);
    }
}
