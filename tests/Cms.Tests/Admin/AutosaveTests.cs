using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Data;
using Cms.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Admin;

/// <summary>The editor's rolling autosave: one row per writer and item, never a version, an audit or a change-feed entry.</summary>
public sealed partial class AutosaveTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private const string Password = "Str0ng-Password!";

    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task Autosaves_make_no_version_no_audit_entry_and_no_change_and_keep_one_row()
    {
        var (author, id, basedOn, category) = await ArticleAsync("Autosaves sans versions");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        var before = await CountsAsync(id);

        for (var i = 1; i <= 4; i++)
        {
            var answer = await AutosaveAsync(session, id, Form(basedOn, "Autosaves sans versions", category, $"<p>Version {i} du texte.</p>"));
            Assert.True(answer["saved"]!.GetValue<bool>());
        }
        var after = await CountsAsync(id);

        Assert.Equal(before, after with { Autosaves = before.Autosaves });
        Assert.Equal(0, before.Autosaves);
        Assert.Equal(1, after.Autosaves);
        Assert.Contains("Version 4 du texte.", await AutosaveJsonAsync(author.Id, id));
    }

    [Fact]
    public async Task An_explicit_save_deletes_the_writers_autosave()
    {
        var (author, id, basedOn, category) = await ArticleAsync("Sauvé pour de bon");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        await AutosaveAsync(session, id, Form(basedOn, "Sauvé pour de bon", category, "<p>Tapé puis enregistré.</p>"));

        var fields = Form(basedOn, "Sauvé pour de bon", category, "<p>Tapé puis enregistré.</p>");
        fields["act"] = "save";
        var saved = await session.PostFormAsync($"/admin/articles/{id}", fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(0, (await CountsAsync(id)).Autosaves);
        Assert.DoesNotContain("Reprendre la sauvegarde automatique", await session.Client.GetStringAsync($"/admin/articles/{id}"));
    }

    [Fact]
    public async Task A_transition_deletes_the_writers_autosave()
    {
        var (author, id, basedOn, category) = await ArticleAsync("Soumis aussitôt");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        await AutosaveAsync(session, id, Form(basedOn, "Soumis aussitôt", category, "<p>Prêt pour la relecture.</p>"));

        var fields = Form(basedOn, "Soumis aussitôt", category, "<p>Prêt pour la relecture.</p>");
        fields["act"] = "submit";
        fields["dirty"] = "1";
        var submitted = await session.PostFormAsync($"/admin/articles/{id}", fields);

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal(0, (await CountsAsync(id)).Autosaves);
    }

    [Fact]
    public async Task Reopening_the_editor_offers_the_autosave_in_paris_time_and_reprendre_fills_the_form()
    {
        var (author, id, basedOn, category) = await ArticleAsync("À reprendre");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        await AutosaveAsync(session, id, Form(basedOn, "À reprendre", category, "<p>Le paragraphe perdu puis retrouvé.</p>"));
        var updated = await AutosaveUpdatedAsync(author.Id, id);
        var paris = TimeZoneInfo.ConvertTimeFromUtc(updated, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));

        var offer = WebUtility.HtmlDecode(await session.Client.GetStringAsync($"/admin/articles/{id}"));
        var restored = WebUtility.HtmlDecode(await session.Client.GetStringAsync($"/admin/articles/{id}?autosave=restore"));

        Assert.Contains($"Reprendre la sauvegarde automatique de {paris.Hour} h {paris.Minute:00} ?", offer);
        Assert.DoesNotContain("Le paragraphe perdu puis retrouvé.", offer);
        Assert.Contains("Le paragraphe perdu puis retrouvé.", restored);
        Assert.Contains("name=\"dirty\" value=\"1\"", restored);
    }

    [Fact]
    public async Task Ignorer_deletes_the_autosave()
    {
        var (author, id, basedOn, category) = await ArticleAsync("À ignorer");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        await AutosaveAsync(session, id, Form(basedOn, "À ignorer", category, "<p>Brouillon dont on ne veut plus.</p>"));

        var ignored = await session.PostFormAsync($"/admin/articles/{id}?handler=DiscardAutosave", new(), formPage: $"/admin/articles/{id}");

        Assert.Equal(HttpStatusCode.Redirect, ignored.StatusCode);
        Assert.Equal(0, (await CountsAsync(id)).Autosaves);
        Assert.DoesNotContain("Reprendre la sauvegarde automatique", await session.Client.GetStringAsync($"/admin/articles/{id}"));
    }

    [Fact]
    public async Task A_version_saved_since_the_autosave_began_is_shown_as_differences_before_restoring()
    {
        var (author, id, basedOn, category) = await ArticleAsync("Deux plumes");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        await AutosaveAsync(session, id, Form(basedOn, "Deux plumes", category, "<p>Ma phrase inédite.</p>"));
        using var editor = await Host.CreateUserAsync("Editor");
        var saved = await Articles.SaveAsync(editor.Client, id, basedOn, Articles.New("Deux plumes", category, "<p>La phrase du rédacteur en chef.</p>"));
        Assert.True(saved.IsSuccessStatusCode, $"the editor's save failed: {(int)saved.StatusCode}");

        var offer = WebUtility.HtmlDecode(await session.Client.GetStringAsync($"/admin/articles/{id}"));

        Assert.Contains("Une version plus récente a été enregistrée depuis", offer);
        Assert.Contains("<ins>inédite.</ins>", offer);
        Assert.Contains("<del>rédacteur</del>", offer);
    }

    [Fact]
    public async Task The_differences_name_the_authors_instead_of_their_user_ids()
    {
        var (author, id, basedOn, category) = await ArticleAsync("Signé à deux mains");
        using var colleague = await Host.CreateUserAsync("Author");
        (await author.Client.PutAsJsonAsync($"/api/users/{author.Id}/profile", new { displayName = "Camille Roux" })).EnsureSuccessStatusCode();
        (await colleague.Client.PutAsJsonAsync($"/api/users/{colleague.Id}/profile", new { displayName = "Marc Petit" })).EnsureSuccessStatusCode();
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        var fields = Form(basedOn, "Signé à deux mains", category, "<p>Le texte.</p>");
        fields["Article.Authors"] = author.Id;
        await AutosaveAsync(session, id, fields);
        // Meanwhile an editor saves a version signed by both.
        using var editor = await Host.CreateUserAsync("Editor");
        var signed = Articles.New("Signé à deux mains", category, "<p>Le texte.</p>");
        signed["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray(author.Id, colleague.Id) };
        var saved = await Articles.SaveAsync(editor.Client, id, basedOn, signed);
        Assert.True(saved.IsSuccessStatusCode, $"the editor's save failed: {(int)saved.StatusCode}");

        var page = WebUtility.HtmlDecode(await session.Client.GetStringAsync($"/admin/articles/{id}"));
        var start = page.IndexOf("id=\"autosave-offer-title\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "No autosave offer.");
        var offer = page[start..page.IndexOf("</section>", start, StringComparison.Ordinal)];

        Assert.Contains("<dt>Auteurs</dt>", offer);
        Assert.Contains("<dd>Camille Roux, <del>Marc Petit</del></dd>", offer);
        Assert.DoesNotContain(author.Id, offer);
        Assert.DoesNotContain(colleague.Id, offer);
    }

    [Fact]
    public async Task An_incomplete_autosave_is_kept_and_names_the_missing_fields_in_french()
    {
        var (author, id, basedOn, _) = await ArticleAsync("Sans rubrique encore");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var answer = await AutosaveAsync(session, id, Form(basedOn, "", "", "<p>Pas de titre ni de rubrique.</p>"));
        var message = answer["message"]!.GetValue<string>();
        var ids = answer["fields"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).ToList();

        Assert.True(answer["saved"]!.GetValue<bool>());
        Assert.Contains("des champs sont à compléter", message);
        Assert.Contains("Titre", message);
        Assert.Contains("Rubrique", message);
        Assert.Contains("title", ids);
        Assert.Contains("Article-Category", ids);
        Assert.Contains("Pas de titre ni de rubrique.", await AutosaveJsonAsync(author.Id, id));
    }

    [Fact]
    public async Task A_new_articles_work_is_kept_before_its_first_save_and_offered_again()
    {
        using var author = await Host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        var draftKey = DraftKey().Match(await session.Client.GetStringAsync("/admin/articles/new")).Groups[1].Value;
        var versionsBefore = await VersionCountAsync();

        var fields = Form("", "Pas encore enregistré", "", "<p>Un début d’article.</p>");
        fields["draftKey"] = draftKey;
        var answer = await AutosaveAsync(session, "new?type=Article", fields, "/admin/articles/new");
        var again = WebUtility.HtmlDecode(await session.Client.GetStringAsync("/admin/articles/new"));

        Assert.True(answer["saved"]!.GetValue<bool>());
        Assert.Equal(versionsBefore, await VersionCountAsync());
        Assert.Contains("Reprendre la sauvegarde automatique de", again);
        Assert.Equal(draftKey, DraftKey().Match(again).Groups[1].Value);
    }

    [Fact]
    public async Task A_new_articles_autosave_without_its_key_is_refused()
    {
        using var author = await Host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var response = await session.PostFormAsync("/admin/articles/new?type=Article&handler=Autosave", Form("", "Sans clé", "", "<p>x</p>"), "/admin/articles/new");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_unsaved_state_is_previewed_in_the_sites_theme_never_cached_nor_indexed_and_framable_only_here()
    {
        var (author, id, basedOn, category) = await ArticleAsync("Aperçu du brouillon");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        await AutosaveAsync(session, id, Form(basedOn, "Aperçu du brouillon", category, "<p>Une phrase pas encore enregistrée.</p><script>alert(1)</script>"));

        var admin = await session.Client.GetAsync($"/admin/articles/{id}/preview?unsaved=true");
        var frame = FrameSource().Match(await admin.Content.ReadAsStringAsync()).Groups[1].Value;
        using var anyone = Host.CreateClient();
        var preview = await anyone.GetAsync(WebUtility.HtmlDecode(frame));
        var html = await preview.Content.ReadAsStringAsync();

        Assert.StartsWith("/preview/", frame);
        Assert.Contains("frame-src 'self'", admin.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.True(WebUtility.HtmlDecode(html).Contains("Une phrase pas encore enregistrée.", StringComparison.Ordinal), html);
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", html);
        Assert.Equal("no-store", preview.Headers.CacheControl!.ToString());
        Assert.Contains("noindex", preview.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Contains("frame-ancestors 'self'", preview.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("SAMEORIGIN", preview.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task A_preview_token_that_is_not_genuine_shows_nothing()
    {
        using var anyone = Host.CreateClient();

        var response = await anyone.GetAsync("/preview/CfDJ8-not-a-real-token");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [GeneratedRegex("<iframe id=\"preview-frame\"[^>]* src=\"([^\"]+)\"")]
    private static partial Regex FrameSource();

    private async Task<(SignedInUser Author, string Id, string BasedOn, string Category)> ArticleAsync(string title)
    {
        var author = await Host.CreateUserAsync("Author");
        var category = await Articles.CategoryIdAsync(author.Client, "defense");
        var created = await Articles.CreateAsync(author.Client, Articles.New(title, category));
        return (author, created["ContentItemId"]!.GetValue<string>(), created["ContentItemVersionId"]!.GetValue<string>(), category);
    }

    private static Dictionary<string, string> Form(string basedOn, string title, string category, string html) => new()
    {
        ["basedOn"] = basedOn, ["TitlePart.Title"] = title, ["Article.Category"] = category, ["HtmlBodyPart.Html"] = html,
    };

    private static async Task<JsonObject> AutosaveAsync(AdminSession session, string id, Dictionary<string, string> fields, string? formPage = null)
    {
        var path = id.Contains('?') ? $"/admin/articles/{id}&handler=Autosave" : $"/admin/articles/{id}?handler=Autosave";
        var response = await session.PostFormAsync(path, fields, formPage ?? $"/admin/articles/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private sealed record Counts(int Versions, int Audit, int Changes, int Autosaves);

    private async Task<Counts> CountsAsync(string id)
    {
        using var scope = Host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return new Counts(
            await db.ContentItemVersions.CountAsync(v => v.ContentItemId == id),
            await db.AuditEntries.CountAsync(a => a.ContentItemId == id),
            await db.ChangeFeed.CountAsync(c => c.ContentItemId == id),
            await db.Set<Cms.Admin.Autosave>().CountAsync(a => a.ContentItemId == id));
    }

    private async Task<int> VersionCountAsync()
    {
        using var scope = Host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().ContentItemVersions.CountAsync();
    }

    private async Task<Cms.Admin.Autosave> AutosaveRowAsync(string userId, string id)
    {
        using var scope = Host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return await db.Set<Cms.Admin.Autosave>().AsNoTracking().SingleAsync(a => a.UserId == userId && a.ItemKey == id);
    }

    private async Task<string> AutosaveJsonAsync(string userId, string id) => (await AutosaveRowAsync(userId, id)).Json;

    private async Task<DateTime> AutosaveUpdatedAsync(string userId, string id) => (await AutosaveRowAsync(userId, id)).UpdatedUtc;

    [GeneratedRegex("name=\"draftKey\" value=\"([A-Za-z0-9]+)\"")]
    private static partial Regex DraftKey();
}
