using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Admin;
using Cms.Tests.Support;
using static Cms.Tests.GraphQL.GraphQLClient;

namespace Cms.Tests.GraphQL;

/// <summary>
/// GraphQL shows each caller what REST shows them: published versions to everyone; drafts to holders of a bearer token
/// who may preview (every item with PreviewContent, their own with EditOwnContent); one item's latest version to whoever
/// holds its preview token. A browser's cookie alone never reads a draft.
/// </summary>
[Collection(GraphQLCollection.Name)]
public sealed class GraphQLAccessTests(GraphQLHost fixture)
{
    private CmsHost Cms => fixture.Cms;

    [Fact]
    public async Task A_reader_asking_for_drafts_gets_an_error_naming_the_status_and_the_other_fields_still_answer()
    {
        using var reader = Cms.CreateClient();

        var answer = await PostAsync(reader, "{ enquete(status: DRAFT) { contentItemId } categories { slug } }");

        var error = Assert.Single(Errors(answer));
        Assert.Contains("status DRAFT needs a bearer token", error);
        Assert.Contains("PreviewContent", error);
        Assert.Null(answer["data"]!["enquete"]);
        Assert.Contains("culture", Strings(answer["data"]!["categories"], "slug"));
    }

    [Fact]
    public async Task An_author_sees_their_own_drafts_an_editor_every_draft_and_a_reader_none()
    {
        var marker = Enquetes.Marker();
        using var alice = await Cms.CreateUserAsync("Author");
        using var bob = await Cms.CreateUserAsync("Author");
        using var editor = await Cms.CreateUserAsync("Editor");
        var alices = await Enquetes.DraftAsync(alice.Client, Enquetes.New($"{marker} Alice"));
        await Enquetes.DraftAsync(bob.Client, Enquetes.New($"{marker} Bob"));
        var query = $$"""{ enquete(where: {displayText_starts_with: "{{marker}}"}, status: LATEST, orderBy: {displayText: ASC}) { displayText published latest } }""";

        Assert.Equal([$"{marker} Alice"], Strings(DataOf(await PostAsync(alice.Client, query))["enquete"], "displayText"));
        Assert.Equal([$"{marker} Alice", $"{marker} Bob"], Strings(DataOf(await PostAsync(editor.Client, query))["enquete"], "displayText"));
        Assert.Contains("status LATEST", Assert.Single(Errors(await PostAsync(Cms.CreateClient(), query))));
        Assert.Empty(DataOf(await PostAsync(Cms.CreateClient(), query.Replace("status: LATEST", "status: PUBLISHED")))["enquete"]!.AsArray());
        var draft = DataOf(await PostAsync(alice.Client, $$"""{ contentItem(contentItemId: "{{alices}}", status: DRAFT) { displayText published } }"""))["contentItem"]!;
        Assert.False(draft["published"]!.GetValue<bool>());
        Assert.Null(DataOf(await PostAsync(bob.Client, $$"""{ contentItem(contentItemId: "{{alices}}", status: LATEST) { displayText } }"""))["contentItem"]);
        Assert.Null(DataOf(await PostAsync(Cms.CreateClient(), $$"""{ contentItem(contentItemId: "{{alices}}") { displayText } }"""))["contentItem"]);
    }

    [Fact]
    public async Task Draft_and_all_statuses_read_unpublished_edits_and_every_version()
    {
        using var editor = await Cms.CreateUserAsync("Editor");
        var marker = Enquetes.Marker();
        var id = await Enquetes.PublishedAsync(editor.Client, Enquetes.New($"{marker} En ligne"));
        var latest = await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest");
        var saved = await Articles.SaveAsync(editor.Client, id, latest!["ContentItemVersionId"]!.GetValue<string>(), Enquetes.New($"{marker} Correction"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        string Query(string status) => $$"""{ enquete(where: {contentItemId: "{{id}}"}, status: {{status}}, orderBy: {modifiedUtc: ASC}) { displayText published latest } }""";

        Assert.Equal([$"{marker} En ligne"], Strings(DataOf(await PostAsync(editor.Client, Query("PUBLISHED")))["enquete"], "displayText"));
        Assert.Equal([$"{marker} Correction"], Strings(DataOf(await PostAsync(editor.Client, Query("DRAFT")))["enquete"], "displayText"));
        Assert.Equal([$"{marker} Correction"], Strings(DataOf(await PostAsync(editor.Client, Query("LATEST")))["enquete"], "displayText"));
        Assert.Equal([$"{marker} En ligne", $"{marker} Correction"], Strings(DataOf(await PostAsync(editor.Client, Query("ALL")))["enquete"], "displayText"));
    }

    [Fact]
    public async Task A_signed_in_browsers_cookie_alone_reads_no_draft_by_post_or_get()
    {
        using var alice = await Cms.CreateUserAsync("Author");
        var id = await Enquetes.DraftAsync(alice.Client, Enquetes.New("Brouillon de navigateur " + Enquetes.Marker()));
        using var session = await AdminSession.SignInAsync(Cms, alice.UserName, "Str0ng-Password!");
        var query = $$"""{ contentItem(contentItemId: "{{id}}", status: LATEST) { displayText } }""";

        var posted = await session.Client.PostAsync("/api/graphql", Json(Serialize(new { query })));
        var got = await session.Client.GetAsync("/api/graphql?query=" + Uri.EscapeDataString(query));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("status LATEST needs a bearer token", await posted.Content.ReadAsStringAsync());
        Assert.Contains("status LATEST needs a bearer token", await got.Content.ReadAsStringAsync());
        Assert.Equal("Brouillon de navigateur", DataOf(await PostAsync(alice.Client, query))["contentItem"]!["displayText"]!.GetValue<string>()[..23]);
    }

    [Fact]
    public async Task A_preview_token_opens_its_items_latest_version_by_argument_or_header_and_no_other_item()
    {
        using var admin = await Cms.AdminClientAsync();
        var marker = Enquetes.Marker();
        var id = await Enquetes.DraftAsync(admin, Enquetes.New($"{marker} À relire"));
        var other = await Enquetes.DraftAsync(admin, Enquetes.New($"{marker} Autre"));
        var link = await admin.PostAsJsonAsync($"/api/content/{id}/preview-links", new { });
        var token = (await link.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        using var frontEnd = Cms.CreateClient();

        var byArgument = await frontEnd.PostAsync("/api/graphql", Json(Serialize(new { query = $$"""{ contentItem(contentItemId: "{{id}}", previewToken: "{{token}}") { displayText latest published } }""" })));
        var byHeader = await PostAsync(frontEnd, $$"""{ contentItem(contentItemId: "{{id}}") { displayText } }""", headers: new Dictionary<string, string> { ["Preview-Token"] = token });
        var otherByArgument = await PostAsync(frontEnd, $$"""{ contentItem(contentItemId: "{{other}}", previewToken: "{{token}}") { displayText } }""");
        var otherByHeader = await PostAsync(frontEnd, $$"""{ contentItem(contentItemId: "{{other}}") { displayText } }""", headers: new Dictionary<string, string> { ["Preview-Token"] = token });
        var listByHeader = await PostAsync(frontEnd, $$"""{ enquete(where: {displayText_starts_with: "{{marker}}"}) { displayText } }""", headers: new Dictionary<string, string> { ["Preview-Token"] = token });

        var opened = DataOf(JsonNode.Parse(await byArgument.Content.ReadAsStringAsync())!.AsObject())["contentItem"]!;
        Assert.Equal($"{marker} À relire", opened["displayText"]!.GetValue<string>());
        Assert.False(opened["published"]!.GetValue<bool>());
        Assert.Equal("no-store", byArgument.Headers.CacheControl!.ToString());
        Assert.Equal($"{marker} À relire", DataOf(byHeader)["contentItem"]!["displayText"]!.GetValue<string>());
        Assert.Contains("The preview token does not open this item", Assert.Single(Errors(otherByArgument)));
        Assert.Null(DataOf(otherByHeader)["contentItem"]);
        Assert.Empty(DataOf(listByHeader)["enquete"]!.AsArray());
    }

    [Fact]
    public async Task Picked_items_are_read_with_the_visibility_of_the_query_that_reached_them()
    {
        using var admin = await Cms.AdminClientAsync();
        var marker = Enquetes.Marker();
        var draft = await Enquetes.DraftAsync(admin, Enquetes.New($"{marker} Pas encore publié"));
        var published = await Enquetes.PublishedAsync(admin, Enquetes.New($"{marker} Déjà publié"));
        var parent = await Enquetes.PublishedAsync(admin, Enquetes.New($"{marker} Le dossier", new JsonObject
        {
            ["Liens"] = new JsonObject { ["ContentItemIds"] = new JsonArray(draft, published) },
        }));
        string Query(string status) => $$"""{ enquete(where: {contentItemId: "{{parent}}"}, status: {{status}}) { ... on Enquete { liens { contentItems { contentItemId } } } } }""";

        var asReader = DataOf(await PostAsync(Cms.CreateClient(), Query("PUBLISHED")))["enquete"]![0]!["liens"]!["contentItems"];
        var asEditor = DataOf(await PostAsync(admin, Query("LATEST")))["enquete"]![0]!["liens"]!["contentItems"];
        var publishedAsEditor = DataOf(await PostAsync(admin, Query("PUBLISHED")))["enquete"]![0]!["liens"]!["contentItems"];

        Assert.Equal([published], Strings(asReader, "contentItemId"));
        Assert.Equal([draft, published], Strings(asEditor, "contentItemId"));
        Assert.Equal([published], Strings(publishedAsEditor, "contentItemId"));
    }

    [Fact]
    public async Task Search_of_the_newsroom_index_needs_a_signed_in_caller_and_gives_items_as_their_latest_versions()
    {
        using var admin = await Cms.AdminClientAsync();
        var word = Enquetes.Marker().ToLowerInvariant();
        var id = (await Articles.CreateAsync(admin, Articles.New($"Brouillon {word}", await Articles.CategoryIdAsync(admin, "politique"))))["ContentItemId"]!.GetValue<string>();
        var query = $$"""{ search(query: "{{word}}", index: "articles-latest") { total hits { contentItemId item { displayText published } } } }""";

        var asEditor = DataOf(await PostAsync(admin, query))["search"]!;
        var asReader = await PostAsync(Cms.CreateClient(), query);

        Assert.Equal(1, asEditor["total"]!.GetValue<int>());
        var hit = asEditor["hits"]![0]!;
        Assert.Equal(id, hit["contentItemId"]!.GetValue<string>());
        Assert.False(hit["item"]!["published"]!.GetValue<bool>());
        Assert.Contains("signed-in", Assert.Single(Errors(asReader)));
    }
}
