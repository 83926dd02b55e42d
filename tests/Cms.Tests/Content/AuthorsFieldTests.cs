using System.Net;
using System.Text.Json.Nodes;
using Cms.Data;
using Cms.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Content;

/// <summary>The Authors field (a UserPickerField): real users only, names from the users table, the writer by default.</summary>
public sealed class AuthorsFieldTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task An_unknown_user_id_is_refused_naming_the_field()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var article = Articles.New("Auteur inconnu", await Articles.CategoryIdAsync(editor.Client, "culture"));
        article["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray("personne-0000") };

        var response = await editor.Client.PostAsync("/api/content", Articles.Json(article));
        var problem = await Articles.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("personne-0000", problem["errors"]!["Article.Authors.UserIds"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_article_without_authors_names_its_writer()
    {
        using var author = await Host.CreateUserAsync("Author");

        var created = await Articles.CreateAsync(author.Client, Articles.New("Mon article", await Articles.CategoryIdAsync(author.Client, "culture")));

        Assert.Equal([author.Id], created["Article"]!["Authors"]!["UserIds"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray());
        Assert.Equal([author.UserName], created["Article"]!["Authors"]!["UserNames"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task User_names_are_written_from_the_users_not_from_the_client()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        using var colleague = await Host.CreateUserAsync("Author");
        var article = Articles.New("Deux auteurs", await Articles.CategoryIdAsync(editor.Client, "culture"));
        article["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray(colleague.Id, editor.Id), ["UserNames"] = new JsonArray("faux", "noms") };

        var created = await Articles.CreateAsync(editor.Client, article);

        Assert.Equal([colleague.UserName, editor.UserName], created["Article"]!["Authors"]!["UserNames"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task A_user_renamed_between_two_saves_is_named_anew_by_the_second()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        using var colleague = await Host.CreateUserAsync("Author");
        var category = await Articles.CategoryIdAsync(editor.Client, "culture");
        var first = Articles.New("Avant le changement de nom", category);
        first["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray(colleague.Id) };
        var before = await Articles.CreateAsync(editor.Client, first);

        using (var scope = Host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CmsUser>>();
            var user = await users.FindByIdAsync(colleague.Id);
            Assert.True((await users.SetUserNameAsync(user!, colleague.UserName + "-renomme")).Succeeded);
        }
        var second = Articles.New("Après le changement de nom", category);
        second["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray(colleague.Id) };
        var after = await Articles.CreateAsync(editor.Client, second);

        Assert.Equal(colleague.UserName, before["Article"]!["Authors"]!["UserNames"]![0]!.GetValue<string>());
        Assert.Equal(colleague.UserName + "-renomme", after["Article"]!["Authors"]!["UserNames"]![0]!.GetValue<string>());
    }
}
