using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Admin;

public sealed class AdminActionsTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private const string Password = "Str0ng-Password!";

    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task An_author_posting_publish_is_refused_and_nothing_is_published()
    {
        var author = await Host.CreateUserAsync("Author");
        var id = await CreateArticleAsync(author.Client, "Tentative de publication");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var response = await session.PostFormAsync($"/admin/articles/{id}", new() { ["act"] = "publish" });
        using var reader = Host.CreateClient();

        Assert.StartsWith("/admin/denied", new Uri(Host.BaseAddress, response.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/content/{id}")).StatusCode);
    }

    [Fact]
    public async Task An_author_sees_neither_publish_nor_save_on_an_article_in_review()
    {
        var author = await Host.CreateUserAsync("Author");
        var id = await CreateArticleAsync(author.Client, "En relecture");
        await Articles.TransitionAsync(author.Client, id, "submit");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var html = await session.Client.GetStringAsync($"/admin/articles/{id}");

        Assert.Contains("En relecture", html);
        Assert.DoesNotContain(">Publier</button>", html);
        Assert.DoesNotContain(">Enregistrer</button>", html);
    }

    [Fact]
    public async Task A_save_without_a_category_names_the_field_in_french_and_keeps_the_text()
    {
        var author = await Host.CreateUserAsync("Author");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Sans rubrique", await Articles.CategoryIdAsync(author.Client, "defense")));
        var id = created["ContentItemId"]!.GetValue<string>();
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var response = await session.PostFormAsync($"/admin/articles/{id}", new()
        {
            ["act"] = "save", ["basedOn"] = created["ContentItemVersionId"]!.GetValue<string>(), ["TitlePart.Title"] = "Sans rubrique",
            ["Article.Category"] = "", ["HtmlBodyPart.Html"] = "<p>Un paragraphe à garder.</p>",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<span class=\"field-error\">Ce champ est obligatoire.</span>", html);
        Assert.DoesNotContain("is required", html);
        Assert.Contains("Un paragraphe à garder.", System.Net.WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task Restoring_a_version_makes_a_new_draft_with_its_content()
    {
        var author = await Host.CreateUserAsync("Author");
        var category = await Articles.CategoryIdAsync(author.Client, "defense");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Titre d’origine", category));
        var id = created["ContentItemId"]!.GetValue<string>();
        var first = created["ContentItemVersionId"]!.GetValue<string>();
        await Articles.SaveAsync(author.Client, id, first, Articles.New("Titre changé", category));
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var response = await session.PostFormAsync($"/admin/articles/{id}/history?handler=Restore", new() { ["versionId"] = first });
        var latest = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Titre d’origine", latest["TitlePart"]!["Title"]!.GetValue<string>());
        Assert.NotEqual(first, latest["ContentItemVersionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_category_with_articles_is_deleted_only_by_moving_them()
    {
        var author = await Host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var name = $"Vins {Guid.NewGuid():n}"[..12];
        await session.PostFormAsync("/admin/categories?handler=Create", new() { ["name"] = name }, formPage: "/admin/categories");
        var category = await CategoryAsync(name);
        var created = await Articles.CreateAsync(author.Client, Articles.New("Dans la rubrique", category["contentItemId"]!.GetValue<string>()));
        var defense = await Articles.CategoryIdAsync(author.Client, "defense");

        var refused = await session.PostFormAsync($"/admin/categories?handler=Delete&id={category["contentItemId"]}", new(), formPage: "/admin/categories");
        var moved = await session.PostFormAsync($"/admin/categories?handler=Delete&id={category["contentItemId"]}", new() { ["moveTo"] = defense }, formPage: "/admin/categories");
        var article = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{created["ContentItemId"]}?version=latest"))!;

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("choisissez la rubrique", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(defense, article["Article"]!["Category"]!["TermContentItemIds"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Renaming_a_category_moves_its_slug_with_the_name()
    {
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var name = $"Cuisine {Guid.NewGuid():n}"[..14];
        await session.PostFormAsync("/admin/categories?handler=Create", new() { ["name"] = name }, formPage: "/admin/categories");
        var category = await CategoryAsync(name);

        await session.PostFormAsync($"/admin/categories?handler=Rename&id={category["contentItemId"]}",
            new() { ["name"] = "Gastronomie " + name[8..], ["slug"] = category["slug"]!.GetValue<string>(), ["originalSlug"] = category["slug"]!.GetValue<string>() },
            formPage: "/admin/categories");
        var renamed = await CategoryAsync("Gastronomie " + name[8..]);

        Assert.Equal(category["contentItemId"]!.GetValue<string>(), renamed["contentItemId"]!.GetValue<string>());
        Assert.StartsWith("gastronomie-", renamed["slug"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_administrator_moves_a_category_up_in_the_order()
    {
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var name = $"Sciences {Guid.NewGuid():n}"[..15];
        await session.PostFormAsync("/admin/categories?handler=Create", new() { ["name"] = name }, formPage: "/admin/categories");
        var before = await CategoryNamesAsync();

        var response = await session.PostFormAsync($"/admin/categories?handler=Move&id={(await CategoryAsync(name))["contentItemId"]}",
            new() { ["position"] = "0" }, formPage: "/admin/categories");
        var after = await CategoryNamesAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotEqual(name, before[0]);
        Assert.Equal(name, after[0]);
        Assert.Equal(before.Where(n => n != name), after.Skip(1));
    }

    [Fact]
    public async Task An_administrator_locks_unlocks_and_resets_a_password()
    {
        var author = await Host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        await session.PostFormAsync($"/admin/users?handler=Lock&id={author.Id}", new(), formPage: "/admin/users");
        var whileLocked = await TokenStatusAsync(author.UserName, Password);
        await session.PostFormAsync($"/admin/users?handler=Unlock&id={author.Id}", new(), formPage: "/admin/users");
        await session.PostFormAsync($"/admin/users?handler=Password&id={author.Id}", new() { ["password"] = "Nouveau-Secret-2026" }, formPage: "/admin/users");

        Assert.Equal(HttpStatusCode.BadRequest, whileLocked);
        Assert.Equal(HttpStatusCode.BadRequest, await TokenStatusAsync(author.UserName, Password));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(author.UserName, "Nouveau-Secret-2026"));
    }

    [Fact]
    public async Task An_administrator_gives_a_user_the_editor_role()
    {
        var author = await Host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        await session.PostFormAsync($"/admin/users?handler=Roles&id={author.Id}", new() { ["role"] = "Editor" }, formPage: "/admin/users");
        using var admin = await Host.AdminClientAsync();
        var users = (await admin.GetFromJsonAsync<JsonArray>("/api/users"))!;

        var roles = users.First(u => u!["userName"]!.GetValue<string>() == author.UserName)!["roles"]!.AsArray().Select(r => r!.GetValue<string>());
        Assert.Equal(["Editor"], roles);
    }

    [Fact]
    public async Task The_review_queue_lists_submitted_articles_with_their_author()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var id = await CreateArticleAsync(author.Client, "À relire vite");
        await Articles.TransitionAsync(author.Client, id, "submit");
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        var html = await session.Client.GetStringAsync("/admin");
        var queue = html[html.IndexOf("File de relecture", StringComparison.Ordinal)..html.IndexOf("Programmés", StringComparison.Ordinal)];

        Assert.Contains($"<a href=\"/admin/articles/{id}\">À relire vite</a></td><td>{author.UserName}</td>", queue);
    }

    [Fact]
    public async Task An_editor_unpublishes_then_deletes_an_article()
    {
        var editor = await Host.CreateUserAsync("Editor");
        var id = await CreateArticleAsync(editor.Client, "À retirer");
        await Articles.TransitionAsync(editor.Client, id, "publish");
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);
        using var reader = Host.CreateClient();

        var unpublished = await session.PostFormAsync($"/admin/articles/{id}", new() { ["act"] = "unpublish" });
        var offline = (await reader.GetAsync($"/api/content/{id}")).StatusCode;
        var deleted = await session.PostFormAsync($"/admin/articles/{id}", new() { ["act"] = "delete" });

        Assert.Equal($"/admin/articles/{id}?m=unpublish", unpublished.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, offline);
        Assert.Equal("/admin/articles?m=deleted", deleted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.Client.GetAsync($"/api/content/{id}?version=latest")).StatusCode);
    }

    [Fact]
    public async Task Scheduling_in_the_past_is_refused_next_to_the_date_field()
    {
        var editor = await Host.CreateUserAsync("Editor");
        var id = await CreateArticleAsync(editor.Client, "Trop tard");
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        var response = await session.PostFormAsync($"/admin/articles/{id}", new() { ["act"] = "schedule", ["publishAt"] = "2020-01-01T08:00" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("id=\"publishAt\"[^>]*>\\s*<button[^>]*>Programmer</button>\\s*<span class=\"field-error\">", html);
    }

    private async Task<HttpStatusCode> TokenStatusAsync(string userName, string password)
    {
        using var client = Host.CreateClient();
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = userName, ["password"] = password,
        }));
        return response.StatusCode;
    }

    private async Task<List<string>> CategoryNamesAsync()
    {
        using var client = Host.CreateClient();
        var list = (await client.GetFromJsonAsync<JsonObject>("/api/categories"))!;
        return list["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();
    }

    private async Task<JsonObject> CategoryAsync(string name)
    {
        using var client = Host.CreateClient();
        var list = (await client.GetFromJsonAsync<JsonObject>("/api/categories"))!;
        return list["items"]!.AsArray().First(i => i!["name"]!.GetValue<string>() == name)!.AsObject();
    }

    private static async Task<string> CreateArticleAsync(HttpClient client, string title)
    {
        var created = await Articles.CreateAsync(client, Articles.New(title, await Articles.CategoryIdAsync(client, "defense")));
        return created["ContentItemId"]!.GetValue<string>();
    }
}
