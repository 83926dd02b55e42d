using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Admin;

public sealed class HistoryPageTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private const string Password = "Str0ng-Password!";

    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task A_plain_save_is_shown_as_saved_not_as_a_move_from_draft_to_draft()
    {
        var author = await Host.CreateUserAsync("Author");
        var (id, _) = await ThreeVersionsAsync(author);
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var journal = Journal(await session.Client.GetStringAsync($"/admin/articles/{id}/history"));

        Assert.Contains("<strong>Enregistré</strong>", journal);
        Assert.DoesNotContain("Brouillon → Brouillon", journal);
    }

    [Fact]
    public async Task A_transition_is_shown_with_its_workflow_wording_and_the_states_it_joined()
    {
        var author = await Host.CreateUserAsync("Author");
        var (id, _) = await ThreeVersionsAsync(author);
        (await Articles.TransitionAsync(author.Client, id, "submit")).EnsureSuccessStatusCode();
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var journal = Journal(await session.Client.GetStringAsync($"/admin/articles/{id}/history"));

        Assert.Contains("<strong>Soumis pour relecture</strong>", journal);
        Assert.Contains("(Brouillon → En relecture)", journal);
    }

    [Fact]
    public async Task Any_two_versions_can_be_compared_with_the_de_and_a_columns()
    {
        var author = await Host.CreateUserAsync("Author");
        var (id, versions) = await ThreeVersionsAsync(author);
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var html = await session.Client.GetStringAsync($"/admin/articles/{id}/history?from={versions[0]}&to={versions[2]}");

        Assert.Contains("De la version n° 1 à la version n° 3.", html);
        Assert.Contains("<del>premier</del>", html);
        Assert.Contains("<ins>troisième</ins>", html);
        Assert.Contains($"<input type=\"radio\" name=\"from\" value=\"{versions[0]}\" checked=\"checked\"", html);
        Assert.Contains($"<input type=\"radio\" name=\"to\" value=\"{versions[2]}\" checked=\"checked\"", html);
    }

    [Fact]
    public async Task Restore_first_shows_what_it_will_bring_back_and_changes_nothing()
    {
        var author = await Host.CreateUserAsync("Author");
        var (id, versions) = await ThreeVersionsAsync(author);
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var html = await session.Client.GetStringAsync($"/admin/articles/{id}/history?restore={versions[0]}");
        var history = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}/history"))!;

        Assert.Contains("Restaurer la version n° 1 ?", html);
        Assert.Contains("<del>troisième</del>", html);
        Assert.Contains("<ins>premier</ins>", html);
        Assert.Contains($"name=\"versionId\" value=\"{versions[0]}\"", html);
        Assert.Equal(3, history["versions"]!.AsArray().Count);
    }

    [Fact]
    public async Task Confirming_a_restore_makes_a_new_version_logged_as_a_restore()
    {
        var author = await Host.CreateUserAsync("Author");
        var (id, versions) = await ThreeVersionsAsync(author);
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var response = await session.PostFormAsync($"/admin/articles/{id}/history?handler=Restore", new() { ["versionId"] = versions[0] },
            formPage: $"/admin/articles/{id}/history?restore={versions[0]}");
        var latest = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!;
        var journal = Journal(await session.Client.GetStringAsync($"/admin/articles/{id}/history"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Le premier titre", latest["TitlePart"]!["Title"]!.GetValue<string>());
        Assert.Contains("<strong>Version restaurée</strong>", journal);
    }

    [Fact]
    public async Task Asking_to_restore_the_latest_or_an_unknown_version_is_a_404()
    {
        var author = await Host.CreateUserAsync("Author");
        var (id, versions) = await ThreeVersionsAsync(author);
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var latest = await session.Client.GetAsync($"/admin/articles/{id}/history?restore={versions[2]}");
        var unknown = await session.Client.GetAsync($"/admin/articles/{id}/history?restore=nope");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (latest.StatusCode, unknown.StatusCode));
    }

    private static string Journal(string html) => html[html.IndexOf("id=\"audit-title\"", StringComparison.Ordinal)..];

    /// <summary>An article saved three times: "Le premier titre", "Le deuxième titre", "Le troisième titre".</summary>
    private static async Task<(string Id, string[] Versions)> ThreeVersionsAsync(SignedInUser author)
    {
        var category = await Articles.CategoryIdAsync(author.Client, "defense");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Le premier titre", category));
        var id = created["ContentItemId"]!.GetValue<string>();
        var versions = new List<string> { created["ContentItemVersionId"]!.GetValue<string>() };
        foreach (var word in new[] { "deuxième", "troisième" })
        {
            var saved = await Articles.ReadAsync(await Articles.SaveAsync(author.Client, id, versions[^1], Articles.New($"Le {word} titre", category)));
            versions.Add(saved["ContentItemVersionId"]!.GetValue<string>());
        }
        return (id, versions.ToArray());
    }
}

/// <summary>The Authors field in the history's diffs: people's names, never their user ids.</summary>
public sealed class HistoryAuthorNamesTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task The_compare_view_and_the_restore_confirmation_name_the_authors_instead_of_their_ids()
    {
        using var admin = await Host.AdminClientAsync();
        using var camille = await Host.CreateUserAsync("Author");
        using var marc = await Host.CreateUserAsync("Author");
        (await camille.Client.PutAsJsonAsync($"/api/users/{camille.Id}/profile", new { displayName = "Camille Roux" })).EnsureSuccessStatusCode();
        var category = await Articles.CategoryIdAsync(admin, "defense");
        var first = Articles.New("Signé à deux", category);
        first["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray(camille.Id) };
        var created = await Articles.CreateAsync(admin, first);
        var id = created["ContentItemId"]!.GetValue<string>();
        var v1 = created["ContentItemVersionId"]!.GetValue<string>();
        var second = Articles.New("Signé à deux", category);
        second["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray(camille.Id, marc.Id) };
        var v2 = (await Articles.ReadAsync(await Articles.SaveAsync(admin, id, v1, second)))["ContentItemVersionId"]!.GetValue<string>();
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var compare = Section(await session.Client.GetStringAsync($"/admin/articles/{id}/history?from={v1}&to={v2}"), "diff-title");
        var restore = Section(await session.Client.GetStringAsync($"/admin/articles/{id}/history?restore={v1}"), "restore-title");

        Assert.Contains("<dt>Auteurs</dt>", compare);
        Assert.Contains($"<dd>Camille Roux, <ins>{marc.UserName}</ins></dd>", compare);
        Assert.Contains($"<dd>Camille Roux, <del>{marc.UserName}</del></dd>", restore);
        foreach (var html in new[] { compare, restore })
        {
            Assert.DoesNotContain(camille.Id, html);
            Assert.DoesNotContain(marc.Id, html);
        }
    }

    private static string Section(string html, string titleId)
    {
        var start = html.IndexOf($"id=\"{titleId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No section {titleId}.");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }
}
