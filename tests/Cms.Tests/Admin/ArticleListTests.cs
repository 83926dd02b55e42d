using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.GraphQL;
using Cms.Tests.Support;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Admin;

/// <summary>One host whose database commands can be counted per request.</summary>
public sealed class CountedHostFixture : IAsyncLifetime
{
    public CmsHost Host { get; private set; } = null!;

    public CommandCounter Commands { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await CmsHost.StartAsync(services: services =>
        {
            services.AddHttpContextAccessor();
            services.AddSingleton<CommandCounter>();
            services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<CommandCounter>());
        });
        Commands = Host.Services.GetRequiredService<CommandCounter>();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed partial class ArticleListTests(CountedHostFixture fixture) : IClassFixture<CountedHostFixture>
{
    private const string Password = "Str0ng-Password!";

    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task The_author_column_shows_who_wrote_the_article_and_another_column_its_last_editor()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var tag = Tag();
        var created = await CreateAsync(author.Client, $"Écrit par l’auteur {tag}");
        var saved = await Articles.SaveAsync(editor.Client, created.Id, created.VersionId, Articles.New($"Écrit par l’auteur {tag}", await DefenseAsync(), "<p>Relu.</p>"));
        saved.EnsureSuccessStatusCode();
        using var admin = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var row = Rows(await admin.Client.GetStringAsync($"/admin/articles?q={tag}")).Single();

        Assert.Equal((author.UserName, editor.UserName), (row.CreatedBy, row.ModifiedBy));
    }

    [Fact]
    public async Task The_author_filter_finds_articles_by_their_original_author()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var tag = Tag();
        var created = await CreateAsync(author.Client, $"Filtré {tag}");
        (await Articles.SaveAsync(editor.Client, created.Id, created.VersionId, Articles.New($"Filtré {tag}", await DefenseAsync()))).EnsureSuccessStatusCode();
        using var admin = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var byAuthor = Rows(await admin.Client.GetStringAsync($"/admin/articles?q={tag}&author={author.UserName}"));
        var byEditor = Rows(await admin.Client.GetStringAsync($"/admin/articles?q={tag}&author={editor.UserName}"));

        Assert.Equal((1, 0), (byAuthor.Count, byEditor.Count));
    }

    [Fact]
    public async Task A_page_of_the_list_runs_as_many_queries_with_many_rows_as_with_few()
    {
        var author = await Host.CreateUserAsync("Author");
        var tag = Tag();
        await CreateAsync(author.Client, $"Compté {tag} 1");
        using var admin = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var few = await CountCommandsAsync(admin, $"/admin/articles?q={tag}");
        for (var i = 2; i <= 8; i++) await CreateAsync(author.Client, $"Compté {tag} {i}");

        var many = await CountCommandsAsync(admin, $"/admin/articles?q={tag}");

        Assert.Equal((1, 8), (few.Rows, many.Rows));
        Assert.InRange(few.Commands, 1, int.MaxValue);
        Assert.Equal(few.Commands, many.Commands);
    }

    [Fact]
    public async Task Sorting_by_title_follows_the_direction_asked_and_marks_the_header()
    {
        var author = await Host.CreateUserAsync("Author");
        var tag = Tag();
        foreach (var word in new[] { "Mouette", "Abeille", "Zèbre" }) await CreateAsync(author.Client, $"{word} {tag}");
        using var admin = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var ascending = await admin.Client.GetStringAsync($"/admin/articles?q={tag}&sort=title&dir=asc");
        var descending = await admin.Client.GetStringAsync($"/admin/articles?q={tag}&sort=title&dir=desc");

        Assert.Equal(["Abeille", "Mouette", "Zèbre"], Rows(ascending).Select(r => r.Title.Split(' ')[0]));
        Assert.Equal(["Zèbre", "Mouette", "Abeille"], Rows(descending).Select(r => r.Title.Split(' ')[0]));
        Assert.Matches("<th scope=\"col\" aria-sort=\"ascending\"><a href=\"[^\"]*sort=title&amp;dir=desc", ascending);
    }

    [Fact]
    public async Task Sorting_by_state_puts_drafts_before_articles_in_review_and_published_ones()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var tag = Tag();
        var published = await CreateAsync(author.Client, $"Publié {tag}");
        var review = await CreateAsync(author.Client, $"Relecture {tag}");
        await CreateAsync(author.Client, $"Brouillon {tag}");
        (await Articles.TransitionAsync(editor.Client, published.Id, "publish")).EnsureSuccessStatusCode();
        (await Articles.TransitionAsync(author.Client, review.Id, "submit")).EnsureSuccessStatusCode();
        using var admin = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var rows = Rows(await admin.Client.GetStringAsync($"/admin/articles?q={tag}&sort=state&dir=asc"));

        Assert.Equal(["Brouillon", "Relecture", "Publié"], rows.Select(r => r.Title.Split(' ')[0]));
    }

    [Fact]
    public async Task Sorting_by_author_uses_the_original_author()
    {
        var first = await Host.CreateUserAsync("Author");
        var second = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var tag = Tag();
        var a = await CreateAsync(first.Client, $"Premier {tag}");
        await CreateAsync(second.Client, $"Second {tag}");
        // The editor's save would put the first article under the editor's name if the last editor were used.
        (await Articles.SaveAsync(editor.Client, a.Id, a.VersionId, Articles.New($"Premier {tag}", await DefenseAsync()))).EnsureSuccessStatusCode();
        using var admin = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var rows = Rows(await admin.Client.GetStringAsync($"/admin/articles?q={tag}&sort=author&dir=asc"));

        Assert.Equal(new[] { first.UserName, second.UserName }.Order(StringComparer.Ordinal), rows.Select(r => r.CreatedBy));
    }

    [Fact]
    public async Task Bulk_publish_publishes_what_it_may_and_names_the_refused_item_and_why()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var tag = Tag();
        var first = await CreateAsync(author.Client, $"Premier {tag}");
        var second = await CreateAsync(author.Client, $"Second {tag}");
        var live = await CreateAsync(author.Client, $"Déjà en ligne {tag}");
        (await Articles.TransitionAsync(editor.Client, live.Id, "publish")).EnsureSuccessStatusCode();
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        var html = await BulkAsync(session, "publish", first.Id, second.Id, live.Id);
        using var reader = Host.CreateClient();

        Assert.Contains($"2 publiés ; 1 refusé : « Déjà en ligne {tag} » — son état (« Publié ») ne permet pas de le publier.", html);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/content/{first.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/content/{second.Id}")).StatusCode);
    }

    [Fact]
    public async Task Bulk_publish_by_an_author_is_refused_for_want_of_the_permission_and_publishes_nothing()
    {
        var author = await Host.CreateUserAsync("Author");
        var tag = Tag();
        var draft = await CreateAsync(author.Client, $"Pas le droit {tag}");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var html = await BulkAsync(session, "publish", draft.Id);
        using var reader = Host.CreateClient();

        Assert.Contains($"0 publié ; 1 refusé : « Pas le droit {tag} » — vous n’avez pas le droit de publier cet article.", html);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/content/{draft.Id}")).StatusCode);
    }

    [Fact]
    public async Task Bulk_unpublish_takes_published_articles_offline_and_refuses_drafts()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var tag = Tag();
        var live = await CreateAsync(author.Client, $"En ligne {tag}");
        var draft = await CreateAsync(author.Client, $"Brouillon {tag}");
        (await Articles.TransitionAsync(editor.Client, live.Id, "publish")).EnsureSuccessStatusCode();
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        var html = await BulkAsync(session, "unpublish", live.Id, draft.Id);
        using var reader = Host.CreateClient();

        Assert.Contains($"1 dépublié ; 1 refusé : « Brouillon {tag} » — il n’est pas en ligne.", html);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/content/{live.Id}")).StatusCode);
    }

    [Fact]
    public async Task Bulk_change_of_category_saves_a_new_version_in_the_chosen_category()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var tag = Tag();
        var first = await CreateAsync(author.Client, $"Déplacé {tag} 1");
        var second = await CreateAsync(author.Client, $"Déplacé {tag} 2");
        var sport = await Articles.CategoryIdAsync(editor.Client, "sport");
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        var html = await BulkAsync(session, "category", [first.Id, second.Id], new() { ["targetCategory"] = sport });
        var categories = new List<string>();
        foreach (var id in new[] { first.Id, second.Id })
        {
            var latest = (await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;
            categories.Add(latest["Article"]!["Category"]!["TermContentItemIds"]![0]!.GetValue<string>());
        }

        Assert.Contains("2 changés de rubrique.", html);
        Assert.Equal([sport, sport], categories);
    }

    [Fact]
    public async Task Bulk_delete_asks_for_confirmation_first_and_deletes_once_confirmed()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var tag = Tag();
        var doomed = await CreateAsync(author.Client, $"À supprimer {tag}");
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        var asked = await BulkAsync(session, "delete", doomed.Id);
        var stillThere = (await editor.Client.GetAsync($"/api/content/{doomed.Id}?version=latest")).StatusCode;
        var done = await BulkAsync(session, "delete", [doomed.Id], new() { ["confirmed"] = "1" });
        var gone = (await editor.Client.GetAsync($"/api/content/{doomed.Id}?version=latest")).StatusCode;

        Assert.Contains("Supprimer définitivement", asked);
        Assert.Contains($"<li>À supprimer {tag}</li>", asked);
        Assert.Equal(HttpStatusCode.OK, stillThere);
        Assert.Contains("1 supprimé.", done);
        Assert.Equal(HttpStatusCode.NotFound, gone);
    }

    [Fact]
    public async Task A_bulk_post_without_the_antiforgery_token_is_refused()
    {
        var author = await Host.CreateUserAsync("Author");
        var draft = await CreateAsync(author.Client, $"Jeton {Tag()}");
        using var admin = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var response = await admin.Client.PostAsync("/admin/articles?handler=Bulk",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["operation"] = "publish", ["ids"] = draft.Id }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_bulk_post_with_nothing_checked_says_so_with_a_400()
    {
        using var admin = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var response = await admin.PostFormAsync("/admin/articles?handler=Bulk", new() { ["operation"] = "publish" }, formPage: "/admin/articles");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Cochez au moins un article.", await response.Content.ReadAsStringAsync());
    }

    private static string Tag() => Guid.NewGuid().ToString("n")[..10];

    private async Task<string> DefenseAsync()
    {
        using var reader = Host.CreateClient();
        return await Articles.CategoryIdAsync(reader, "defense");
    }

    private async Task<(string Id, string VersionId)> CreateAsync(HttpClient client, string title)
    {
        var created = await Articles.CreateAsync(client, Articles.New(title, await DefenseAsync()));
        return (created["ContentItemId"]!.GetValue<string>(), created["ContentItemVersionId"]!.GetValue<string>());
    }

    private static Task<string> BulkAsync(AdminSession session, string operation, params string[] ids) => BulkAsync(session, operation, ids, []);

    private static async Task<string> BulkAsync(AdminSession session, string operation, string[] ids, Dictionary<string, string> more)
    {
        var fields = new List<KeyValuePair<string, string>> { new("operation", operation) };
        fields.AddRange(ids.Select(id => new KeyValuePair<string, string>("ids", id)));
        fields.AddRange(more);
        fields.Add(new("__RequestVerificationToken", await session.AntiforgeryTokenAsync("/admin/articles")));
        var response = await session.Client.PostAsync("/admin/articles?handler=Bulk", new FormUrlEncodedContent(fields));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {html}");
        return html;
    }

    private async Task<(int Rows, int Commands)> CountCommandsAsync(AdminSession session, string path)
    {
        var tag = Guid.NewGuid().ToString("n");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(CommandCounter.Header, tag);
        var response = await session.Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        return (Rows(html).Count, fixture.Commands.Of(tag).Count);
    }

    private sealed record Row(string Title, string CreatedBy, string ModifiedBy);

    private static List<Row> Rows(string html) =>
        RowPattern().Matches(html).Select(m => new Row(WebUtility.HtmlDecode(m.Groups["title"].Value), m.Groups["created"].Value, m.Groups["modified"].Value)).ToList();

    [GeneratedRegex("<td><a href=\"/admin/articles/[^\"]+\">(?<title>[^<]*)</a></td>.*?<td class=\"created-by\">(?<created>[^<]*)</td>\\s*<td class=\"modified-by\">(?<modified>[^<]*)</td>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
