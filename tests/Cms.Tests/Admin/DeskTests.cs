using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Admin;

/// <summary>The newsroom desk around the editor: tags made on the spot, the lead image's alt text, SEO in the site's head, "Voir sur le site".</summary>
public sealed class DeskTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private const string Password = "Str0ng-Password!";

    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task An_editor_creates_a_tag_that_everyone_then_lists()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var name = "Mot-clé " + Guid.NewGuid().ToString("n")[..8];

        var created = await editor.Client.PostAsJsonAsync("/api/tags", new { name });
        using var reader = Host.CreateClient();
        var list = (await reader.GetFromJsonAsync<JsonObject>("/api/tags"))!;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tag = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(list["items"]!.AsArray(), t => t!["contentItemId"]!.GetValue<string>() == tag["contentItemId"]!.GetValue<string>() && t["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task An_author_may_not_create_a_tag()
    {
        using var author = await Host.CreateUserAsync("Author");

        var refused = await author.Client.PostAsJsonAsync("/api/tags", new { name = "Tag d’auteur " + Guid.NewGuid().ToString("n")[..6] });
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("PublishContent", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tag_of_a_name_that_exists_in_any_case_is_refused_with_409_naming_it()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var name = "Doublon " + Guid.NewGuid().ToString("n")[..8];
        var first = (await (await editor.Client.PostAsJsonAsync("/api/tags", new { name })).Content.ReadFromJsonAsync<JsonObject>())!;

        var again = await editor.Client.PostAsJsonAsync("/api/tags", new { name = name.ToUpperInvariant() });
        var problem = (await again.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType!.MediaType);
        Assert.Contains(first["contentItemId"]!.GetValue<string>(), problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tag_without_a_name_is_refused_with_400_naming_the_field()
    {
        using var editor = await Host.CreateUserAsync("Editor");

        var refused = await editor.Client.PostAsJsonAsync("/api/tags", new { name = "  " });
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(problem["errors"]!["name"]);
    }

    [Fact]
    public async Task The_editor_page_creates_a_tag_with_the_admin_session_and_refuses_an_author()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        using var author = await Host.CreateUserAsync("Author");
        using var editorSession = await AdminSession.SignInAsync(Host, editor.UserName, Password);
        using var authorSession = await AdminSession.SignInAsync(Host, author.UserName, Password);
        var name = "Sur le vif " + Guid.NewGuid().ToString("n")[..8];

        var created = await editorSession.PostFormAsync("/admin/tags?handler=Create", new() { ["name"] = name }, "/admin/articles/new");
        var refused = await authorSession.PostFormAsync("/admin/tags?handler=Create", new() { ["name"] = name + " bis" }, "/admin/articles/new");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(name, (await created.Content.ReadFromJsonAsync<JsonObject>())!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Publishing_from_the_admin_a_lead_image_without_alt_text_is_refused_naming_the_field()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var (id, basedOn, category) = await ArticleAsync(editor.Client, "Image sans description");
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        var response = await session.PostFormAsync($"/admin/articles/{id}", new()
        {
            ["act"] = "publish", ["dirty"] = "1", ["basedOn"] = basedOn, ["TitlePart.Title"] = "Image sans description", ["Article.Category"] = category,
            ["HtmlBodyPart.Html"] = "<p>Texte.</p>", ["Article.Image"] = "2026/11/photo.jpg", ["Article.Image.Alt"] = "",
        });
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        using var reader = Host.CreateClient();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Décrivez l’image (texte alternatif) avant de publier.", html);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/content/{id}")).StatusCode);
    }

    [Fact]
    public async Task Publishing_from_the_admin_with_the_alt_text_goes_through_and_offers_voir_sur_le_site()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var (id, basedOn, category) = await ArticleAsync(editor.Client, "Image décrite " + Guid.NewGuid().ToString("n")[..6]);
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        var response = await session.PostFormAsync($"/admin/articles/{id}", new()
        {
            ["act"] = "publish", ["dirty"] = "1", ["basedOn"] = basedOn, ["TitlePart.Title"] = "Image décrite", ["Article.Category"] = category,
            ["HtmlBodyPart.Html"] = "<p>Texte.</p>", ["Article.Image"] = "2026/11/photo.jpg", ["Article.Image.Alt"] = "Une photo de la place",
        });
        var page = await session.Client.GetStringAsync($"/admin/articles/{id}");
        using var reader = Host.CreateClient();
        var published = (await reader.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains($"<a href=\"/{published["AutoroutePart"]!["Path"]!.GetValue<string>()}\" target=\"_blank\" rel=\"noopener\">Voir sur le site</a>", page);
    }

    [Fact]
    public async Task The_seo_part_written_in_the_editor_replaces_the_pages_head_values()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var title = "Référencé " + Guid.NewGuid().ToString("n")[..8];
        var (id, basedOn, category) = await ArticleAsync(editor.Client, title);
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        await session.PostFormAsync($"/admin/articles/{id}", new()
        {
            ["act"] = "save", ["basedOn"] = basedOn, ["TitlePart.Title"] = title, ["Article.Category"] = category, ["HtmlBodyPart.Html"] = "<p>Texte.</p>",
            ["SeoMetaPart.PageTitle"] = "Intitulé pour Google", ["SeoMetaPart.MetaDescription"] = "Une description pour les moteurs.",
            ["SeoMetaPart.OpenGraphTitle"] = "Intitulé au partage", ["SeoMetaPart.OpenGraphDescription"] = "", ["SeoMetaPart.OpenGraphImage"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(editor.Client, id, "publish")).StatusCode);
        using var reader = Host.CreateClient();
        var item = (await reader.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        var html = WebUtility.HtmlDecode(await reader.GetStringAsync("/" + item["AutoroutePart"]!["Path"]!.GetValue<string>()));

        Assert.Equal("Intitulé pour Google", item["SeoMetaPart"]!["PageTitle"]!.GetValue<string>());
        Assert.Empty(item["SeoMetaPart"]!["OpenGraphImage"]!["Paths"]!.AsArray());
        Assert.Contains("<title>Intitulé pour Google |", html);
        Assert.Contains("<meta name=\"description\" content=\"Une description pour les moteurs.\">", html);
        Assert.Contains("<meta property=\"og:title\" content=\"Intitulé au partage\">", html);
        Assert.Contains("<meta property=\"og:description\" content=\"Une description pour les moteurs.\">", html);
    }

    [Fact]
    public async Task The_editor_lays_out_the_writing_and_a_panel_with_the_workflows_actions()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var (id, _, _) = await ArticleAsync(editor.Client, "Mise en page");
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        var html = WebUtility.HtmlDecode(await session.Client.GetStringAsync($"/admin/articles/{id}"));
        var writing = html.IndexOf("class=\"desk-writing\"", StringComparison.Ordinal);
        var panel = html.IndexOf("class=\"desk-panel\"", StringComparison.Ordinal);

        Assert.True(writing > 0 && panel > writing, "the writing comes first, then the panel");
        Assert.True(html.IndexOf("id=\"title\"", StringComparison.Ordinal) < panel);
        Assert.True(html.IndexOf("id=\"Article-Subtitle\"", StringComparison.Ordinal) < panel);
        Assert.True(html.IndexOf("id=\"Article-Category\"", StringComparison.Ordinal) > panel);
        Assert.Contains(">Soumettre pour relecture</button>", html);
        Assert.Contains(">Publier</button>", html);
        Assert.Contains(">Programmer</button>", html);
        Assert.Contains("role=\"combobox\"", html);
        Assert.Contains("Intitulé dans les résultats de recherche", html);
    }

    private static async Task<(string Id, string BasedOn, string Category)> ArticleAsync(HttpClient client, string title)
    {
        var category = await Articles.CategoryIdAsync(client, "defense");
        var created = await Articles.CreateAsync(client, Articles.New(title, category));
        return (created["ContentItemId"]!.GetValue<string>(), created["ContentItemVersionId"]!.GetValue<string>(), category);
    }
}
