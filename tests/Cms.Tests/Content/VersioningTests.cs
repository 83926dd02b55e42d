using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Content;

public sealed class VersioningTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    private async Task<(SignedInUser Editor, JsonObject Published)> PublishedArticleAsync(string title)
    {
        var editor = await Host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(editor.Client, "international");
        var created = await Articles.CreateAsync(editor.Client, Articles.New($"{title} {Guid.NewGuid():n}", category, "<p>Texte d’origine.</p>"));
        var published = await Articles.ReadAsync(await Articles.TransitionAsync(editor.Client, created["ContentItemId"]!.GetValue<string>(), "publish"));
        return (editor, published);
    }

    private static string Id(JsonObject item) => item["ContentItemId"]!.GetValue<string>();
    private static string Version(JsonObject item) => item["ContentItemVersionId"]!.GetValue<string>();

    [Fact]
    public async Task Published_version_stays_live_while_a_new_draft_is_edited()
    {
        var (editor, published) = await PublishedArticleAsync("Version publiée");
        var edit = Articles.New(published["DisplayText"]!.GetValue<string>(), await Articles.CategoryIdAsync(editor.Client, "international"), "<p>Texte corrigé.</p>");
        var draft = await Articles.ReadAsync(await Articles.SaveAsync(editor.Client, Id(published), Version(published), edit));
        Assert.Equal("Draft", draft["Status"]!.GetValue<string>());
        Assert.False(draft["Published"]!.GetValue<bool>());

        using var reader = Host.CreateClient();
        var live = await reader.GetFromJsonAsync<JsonObject>($"/api/content/{Id(published)}");
        Assert.Equal(Version(published), Version(live!));
        Assert.Equal("<p>Texte d’origine.</p>", live!["HtmlBodyPart"]!["Html"]!.GetValue<string>());

        var latest = await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content/{Id(published)}?version=latest");
        Assert.Equal("<p>Texte corrigé.</p>", latest!["HtmlBodyPart"]!["Html"]!.GetValue<string>());
    }

    [Fact]
    public async Task Publishing_the_new_draft_replaces_the_live_version_and_keeps_the_first_publication_date()
    {
        var (editor, published) = await PublishedArticleAsync("Remplacement");
        var edit = Articles.New("Remplacement corrigé", await Articles.CategoryIdAsync(editor.Client, "international"), "<p>Nouveau texte.</p>");
        var draft = await Articles.ReadAsync(await Articles.SaveAsync(editor.Client, Id(published), Version(published), edit));
        await Articles.TransitionAsync(editor.Client, Id(published), "publish");

        using var reader = Host.CreateClient();
        var live = await reader.GetFromJsonAsync<JsonObject>($"/api/content/{Id(published)}");
        Assert.Equal(Version(draft), Version(live!));
        Assert.Equal("<p>Nouveau texte.</p>", live!["HtmlBodyPart"]!["Html"]!.GetValue<string>());
        Assert.Equal(published["PublishedUtc"]!.GetValue<DateTime>(), live["PublishedUtc"]!.GetValue<DateTime>());
        // The address readers already have does not move when the title changes.
        Assert.Equal(published["AutoroutePart"]!["Path"]!.GetValue<string>(), live["AutoroutePart"]!["Path"]!.GetValue<string>());

        var history = await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content/{Id(published)}/history");
        var versions = history!["versions"]!.AsArray();
        Assert.Equal(2, versions.Count);
        Assert.Single(versions, v => v!["published"]!.GetValue<bool>());
        Assert.Single(versions, v => v!["latest"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Save_without_If_Match_is_refused_with_428()
    {
        var (editor, published) = await PublishedArticleAsync("Sans If-Match");
        var response = await editor.Client.PutAsync($"/api/content/{Id(published)}",
            Articles.Json(Articles.New("x", await Articles.CategoryIdAsync(editor.Client, "international"))));
        Assert.Equal((HttpStatusCode)428, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Save_based_on_a_stale_version_is_refused_with_412_naming_the_latest()
    {
        var (editor, published) = await PublishedArticleAsync("Concurrence");
        var category = await Articles.CategoryIdAsync(editor.Client, "international");
        var first = await Articles.ReadAsync(await Articles.SaveAsync(editor.Client, Id(published), Version(published), Articles.New("Premier", category)));

        var stale = await Articles.SaveAsync(editor.Client, Id(published), Version(published), Articles.New("Second", category));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(Version(first), (await Articles.ReadAsync(stale))["latestVersionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_simultaneous_saves_on_the_same_version_let_exactly_one_through()
    {
        var (editor, published) = await PublishedArticleAsync("Simultané");
        var category = await Articles.CategoryIdAsync(editor.Client, "international");
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Articles.SaveAsync(editor.Client, Id(published), Version(published), Articles.New($"Simultané {i}", category))));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
    }

    [Fact]
    public async Task Every_save_creates_a_new_version()
    {
        var editor = await Host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(editor.Client, "culture");
        var item = await Articles.CreateAsync(editor.Client, Articles.New("Trois versions", category));
        for (var i = 0; i < 2; i++)
        {
            item = await Articles.ReadAsync(await Articles.SaveAsync(editor.Client, Id(item), Version(item), Articles.New($"Trois versions {i}", category)));
        }
        var history = await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content/{Id(item)}/history");
        Assert.Equal([1, 2, 3], history!["versions"]!.AsArray().Select(v => v!["number"]!.GetValue<int>()).ToArray());
    }

    [Fact]
    public async Task Anonymous_callers_never_see_a_draft_through_any_route()
    {
        var author = await Host.CreateUserAsync("Author");
        var category = await Articles.CategoryIdAsync(author.Client, "politique");
        var draft = await Articles.CreateAsync(author.Client, Articles.New("Secret de rédaction", category, "<p>Ne pas publier.</p>"));
        await Articles.TransitionAsync(author.Client, Id(draft), "submit");
        var id = Id(draft);

        using var anonymous = Host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/content/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/content/{id}?version=latest")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/content/{id}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/content/{id}/diff?from={Version(draft)}&to={Version(draft)}")).StatusCode);
        foreach (var status in new[] { "Draft", "InReview", "Scheduled", "Published" })
        {
            var list = await anonymous.GetStringAsync($"/api/content?status={status}&pageSize=100");
            Assert.DoesNotContain(id, list);
            Assert.DoesNotContain("Secret de rédaction", list);
        }
        var all = await anonymous.GetStringAsync("/api/content?pageSize=100");
        Assert.DoesNotContain(id, all);
    }

    [Fact]
    public async Task Authors_list_only_their_own_drafts_and_editors_see_all()
    {
        var mine = await Host.CreateUserAsync("Author");
        var theirs = await Host.CreateUserAsync("Author");
        var category = await Articles.CategoryIdAsync(mine.Client, "sport");
        var a = await Articles.CreateAsync(mine.Client, Articles.New("Mon brouillon", category));
        var b = await Articles.CreateAsync(theirs.Client, Articles.New("Son brouillon", category));

        var list = await mine.Client.GetStringAsync("/api/content?status=Draft&pageSize=100");
        Assert.Contains(Id(a), list);
        Assert.DoesNotContain(Id(b), list);

        using var editor = await Host.CreateUserAsync("Editor");
        var all = await editor.Client.GetStringAsync("/api/content?status=Draft&pageSize=100");
        Assert.Contains(Id(a), all);
        Assert.Contains(Id(b), all);
        var byOwner = await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content?status=Draft&owner={theirs.UserName}");
        Assert.All(byOwner!["items"]!.AsArray(), i => Assert.Equal(theirs.Id, i!["Owner"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Anonymous_list_is_newest_first_and_filters_by_category_slug_or_id()
    {
        var (editor, published) = await PublishedArticleAsync("Filtre rubrique");
        using var reader = Host.CreateClient();
        var bySlug = await reader.GetFromJsonAsync<JsonObject>("/api/content?type=Article&category=international&pageSize=100");
        var items = bySlug!["items"]!.AsArray();
        Assert.Contains(items, i => Id(i!.AsObject()) == Id(published));
        var dates = items.Select(i => i!["PublishedUtc"]!.GetValue<DateTime>()).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);

        var byId = await reader.GetFromJsonAsync<JsonObject>($"/api/content?category={await Articles.CategoryIdAsync(editor.Client, "international")}&pageSize=100");
        Assert.Equal(bySlug["total"]!.GetValue<int>(), byId!["total"]!.GetValue<int>());
        var other = await reader.GetStringAsync("/api/content?category=sport&pageSize=100");
        Assert.DoesNotContain(Id(published), other);
    }

    [Fact]
    public async Task A_publish_is_visible_to_readers_as_soon_as_it_returns()
    {
        using var reader = Host.CreateClient();
        var before = await reader.GetStringAsync("/api/content?type=Article&pageSize=5");
        var (_, published) = await PublishedArticleAsync("Tout frais");
        var after = await reader.GetFromJsonAsync<JsonObject>("/api/content?type=Article&pageSize=5");
        Assert.Equal(Id(published), Id(after!["items"]![0]!.AsObject()));
        Assert.DoesNotContain(Id(published), before);
    }

    [Fact]
    public async Task Published_item_answers_304_to_its_etag()
    {
        var (_, published) = await PublishedArticleAsync("Etag");
        using var reader = Host.CreateClient();
        var first = await reader.GetAsync($"/api/content/{Id(published)}");
        var etag = first.Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/content/{Id(published)}");
        request.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await reader.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Diff_names_the_fields_that_changed()
    {
        var (editor, published) = await PublishedArticleAsync("Diff");
        var edit = Articles.New(published["DisplayText"]!.GetValue<string>(), await Articles.CategoryIdAsync(editor.Client, "international"), "<p>Texte modifié.</p>");
        var draft = await Articles.ReadAsync(await Articles.SaveAsync(editor.Client, Id(published), Version(published), edit));
        var diff = await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content/{Id(published)}/diff?from={Version(published)}&to={Version(draft)}");
        var change = diff!["changes"]!.AsArray().Single(c => c!["path"]!.GetValue<string>() == "HtmlBodyPart.Html")!;
        Assert.Equal("changed", change["kind"]!.GetValue<string>());
        Assert.Equal("<p>Texte d’origine.</p>", change["from"]!.GetValue<string>());
        Assert.Equal("<p>Texte modifié.</p>", change["to"]!.GetValue<string>());
        Assert.DoesNotContain(diff["changes"]!.AsArray(), c => c!["path"]!.GetValue<string>() == "TitlePart.Title");
    }

    [Fact]
    public async Task Html_is_sanitized_before_it_is_stored()
    {
        var editor = await Host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(editor.Client, "culture");
        var created = await Articles.CreateAsync(editor.Client, Articles.New("Nettoyage", category,
            "<p onclick=\"steal()\">Bonjour <strong>monde</strong><script>alert(1)</script><a href=\"javascript:alert(2)\">lien</a><img src=x onerror=alert(3)></p>"));
        var html = created["HtmlBodyPart"]!["Html"]!.GetValue<string>();
        Assert.Contains("<strong>monde</strong>", html);
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Two_items_with_the_same_title_get_distinct_paths()
    {
        var editor = await Host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(editor.Client, "economie");
        var title = $"Des soldats nord-coréens à Koursk {Guid.NewGuid():n}"[..45];
        var a = await Articles.CreateAsync(editor.Client, Articles.New(title, category));
        var b = await Articles.CreateAsync(editor.Client, Articles.New(title, category));
        var pathA = a["AutoroutePart"]!["Path"]!.GetValue<string>();
        var pathB = b["AutoroutePart"]!["Path"]!.GetValue<string>();
        Assert.StartsWith("des-soldats-nord-coreens-a-koursk", pathA);
        Assert.Equal(pathA + "-2", pathB);
    }
}
