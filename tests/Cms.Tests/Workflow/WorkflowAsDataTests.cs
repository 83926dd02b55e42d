using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Admin;
using Cms.Tests.Support;

namespace Cms.Tests.Workflow;

/// <summary>
/// A newsroom's own workflow is a recipe change: a copy-desk step between review and publication works through the API,
/// the audit trail, the change feed and the admin, with no code; a workflow that cannot work is refused when it loads.
/// </summary>
public sealed class WorkflowAsDataTests(WorkflowAsDataTests.Host fixture) : IClassFixture<WorkflowAsDataTests.Host>
{
    private const string CopyDesk = """
        {
          "name": "secretariat",
          "steps": [ { "name": "ContentDefinition", "ContentTypes": [ {
            "Name": "Depeche", "DisplayName": "Dépêche",
            "Settings": {
              "ContentTypeSettings": { "Creatable": true },
              "WorkflowSettings": {
                "States": [
                  { "Name": "Draft", "Kind": "Draft", "Label": "Brouillon" },
                  { "Name": "InReview", "Kind": "Review", "Label": "En relecture" },
                  { "Name": "Relecture", "Kind": "Review", "Label": "Au secrétariat de rédaction" },
                  { "Name": "Published", "Kind": "Published", "Label": "Publiée" }
                ],
                "Transitions": [
                  { "Name": "submit", "Label": "Soumettre", "From": [ "Draft" ], "To": "InReview", "Permission": "SubmitForReview" },
                  { "Name": "relire", "Label": "Envoyer au secrétariat de rédaction", "AuditAction": "SentToCopyDesk", "From": [ "InReview" ], "To": "Relecture", "Permission": "PublishContent" },
                  { "Name": "reject", "Label": "Renvoyer", "From": [ "InReview", "Relecture" ], "To": "Draft", "Permission": "PublishContent", "RequiresComment": true },
                  { "Name": "publish", "Label": "Publier", "From": [ "Relecture" ], "To": "Published", "Permission": "PublishContent" },
                  { "Name": "unpublish", "Label": "Dépublier", "From": [ "Published" ], "To": "Draft", "Permission": "PublishContent", "OnPublishedVersion": true }
                ]
              }
            },
            "ContentTypePartDefinitionRecords": [
              { "PartName": "TitlePart", "Name": "TitlePart" },
              { "PartName": "AutoroutePart", "Name": "AutoroutePart" },
              { "PartName": "HtmlBodyPart", "Name": "HtmlBodyPart" }
            ] } ] } ]
        }
        """;

    private static string Broken(string name, string transitions, string states = """
        { "Name": "Draft", "Kind": "Draft" }, { "Name": "Published", "Kind": "Published" }
        """) => $$"""
        { "name": "{{name}}", "steps": [ { "name": "ContentDefinition", "ContentTypes": [ {
          "Name": "Casse", "Settings": { "WorkflowSettings": { "States": [ {{states}} ], "Transitions": [ {{transitions}} ] } },
          "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" } ] } ] } ] }
        """;

    public sealed class Host : IAsyncLifetime
    {
        private readonly RecipesFolder _recipes = new(new Dictionary<string, string>
        {
            ["secretariat"] = CopyDesk,
            ["reserved-name"] = Broken("reserved-name", """{ "Name": "history", "From": [ "Draft" ], "To": "Published" }"""),
            ["unknown-state"] = Broken("unknown-state", """{ "Name": "publish", "From": [ "Relecture" ], "To": "Published" }"""),
            ["two-published"] = Broken("two-published", """{ "Name": "publish", "From": [ "Draft" ], "To": "Published" }""",
                """{ "Name": "Draft", "Kind": "Draft" }, { "Name": "Published", "Kind": "Published" }, { "Name": "Online", "Kind": "Published" }"""),
        });

        public CmsHost Cms { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Cms = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:RecipesPath"] = _recipes.Path });
            using var admin = await Cms.AdminClientAsync();
            var run = await admin.PostAsync("/api/recipes/secretariat/run", null);
            if (!run.IsSuccessStatusCode) throw new InvalidOperationException(await run.Content.ReadAsStringAsync());
        }

        public async Task DisposeAsync()
        {
            await Cms.DisposeAsync();
            _recipes.Dispose();
        }
    }

    private CmsHost Cms => fixture.Cms;

    [Fact]
    public async Task A_copy_desk_step_from_the_recipe_goes_through_the_api_the_audit_and_the_change_feed()
    {
        using var admin = await Cms.AdminClientAsync();
        var id = await NewDepecheAsync(admin);
        var start = await LastSequenceAsync(admin);

        Assert.Equal("InReview", await MoveAsync(admin, id, "submit", HttpStatusCode.OK));
        // Publication is only from the copy desk now: from review it is a conflict naming the state.
        var early = await Articles.TransitionAsync(admin, id, "publish");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("InReview", (await early.Content.ReadFromJsonAsync<JsonObject>())!["currentStatus"]!.GetValue<string>());
        Assert.Equal("Relecture", await MoveAsync(admin, id, "relire", HttpStatusCode.OK));
        Assert.Equal("Published", await MoveAsync(admin, id, "publish", HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.NotFound, (await Articles.TransitionAsync(admin, id, "schedule")).StatusCode);

        var history = await admin.GetFromJsonAsync<JsonObject>($"/api/content/{id}/history");
        var actions = history!["audit"]!.AsArray().Select(a => (a!["action"]!.GetValue<string>(), a["toStatus"]?.GetValue<string>())).ToList();
        Assert.Contains(("SentToCopyDesk", "Relecture"), actions);
        var feed = await admin.GetFromJsonAsync<JsonObject>($"/api/changes?after={start}");
        var step = feed!["items"]!.AsArray().Single(e => e!["contentItemId"]?.GetValue<string>() == id && e["data"]?["transition"]?.GetValue<string>() == "relire")!;
        Assert.Equal("content.transitioned", step["event"]!.GetValue<string>());
        Assert.Equal(("InReview", "Relecture"), (step["data"]!["from"]!.GetValue<string>(), step["data"]!["to"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_copy_desk_state_keeps_the_author_out_and_lists_by_its_name()
    {
        using var author = await Cms.CreateUserAsync("Author");
        using var admin = await Cms.AdminClientAsync();
        var id = await NewDepecheAsync(author.Client);
        Assert.Equal("InReview", await MoveAsync(author.Client, id, "submit", HttpStatusCode.OK));
        Assert.Equal("Relecture", await MoveAsync(admin, id, "relire", HttpStatusCode.OK));

        var latest = await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest");
        var edit = await Articles.SaveAsync(author.Client, id, latest!["ContentItemVersionId"]!.GetValue<string>(), Depeche("Retouche de l’auteur"));
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        var listed = await author.Client.GetFromJsonAsync<JsonObject>("/api/content?status=Relecture&type=Depeche");
        Assert.Contains(listed!["items"]!.AsArray(), i => i!["ContentItemId"]!.GetValue<string>() == id);
        Assert.Equal(HttpStatusCode.BadRequest, (await author.Client.GetAsync("/api/content?status=Nulle")).StatusCode);
    }

    [Fact]
    public async Task The_admin_offers_the_recipes_steps_with_their_labels()
    {
        using var editor = await Cms.CreateUserAsync("Editor");
        var id = await NewDepecheAsync(editor.Client);
        await MoveAsync(editor.Client, id, "submit", HttpStatusCode.OK);
        using var session = await AdminSession.SignInAsync(Cms, editor.UserName, "Str0ng-Password!");

        var page = await session.Client.GetStringAsync($"/admin/articles/{id}");
        Assert.Contains("<button type=\"submit\" name=\"act\" value=\"relire\">Envoyer au secrétariat de rédaction</button>", page);
        Assert.DoesNotContain("value=\"publish\"", page);
        var moved = await session.PostFormAsync($"/admin/articles/{id}", new Dictionary<string, string> { ["act"] = "relire" }, $"/admin/articles/{id}");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var after = await session.Client.GetStringAsync(moved.Headers.Location!.ToString());
        Assert.Contains("Au secrétariat de rédaction", after);
        Assert.Contains("value=\"publish\"", after);
    }

    [Fact]
    public async Task The_review_queue_names_the_step_each_article_waits_at()
    {
        using var admin = await Cms.AdminClientAsync();
        var (inReview, atCopyDesk) = (await NewDepecheAsync(admin), await NewDepecheAsync(admin));
        await MoveAsync(admin, inReview, "submit", HttpStatusCode.OK);
        await MoveAsync(admin, atCopyDesk, "submit", HttpStatusCode.OK);
        await MoveAsync(admin, atCopyDesk, "relire", HttpStatusCode.OK);
        using var editor = await Cms.CreateUserAsync("Editor");
        using var session = await AdminSession.SignInAsync(Cms, editor.UserName, "Str0ng-Password!");

        var html = await session.Client.GetStringAsync("/admin");
        var queue = html[html.IndexOf("id=\"queue-title\"", StringComparison.Ordinal)..html.IndexOf("id=\"scheduled-title\"", StringComparison.Ordinal)];

        Assert.Contains("<span class=\"badge state-InReview\">En relecture</span>", Row(queue, inReview));
        Assert.Contains("<span class=\"badge state-Relecture\">Au secrétariat de rédaction</span>", Row(queue, atCopyDesk));
    }

    private static string Row(string table, string id)
    {
        var at = table.IndexOf($"/admin/articles/{id}\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"{id} is not in the queue.");
        return table[at..table.IndexOf("</tr>", at, StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData("reserved-name", "the name is taken by another route of an item")]
    [InlineData("unknown-state", "From names an unknown state 'Relecture'")]
    [InlineData("two-published", "needs exactly one state of kind Published")]
    public async Task A_workflow_that_cannot_work_is_refused_when_the_recipe_runs(string recipe, string message)
    {
        using var admin = await Cms.AdminClientAsync();

        var run = await admin.PostAsync($"/api/recipes/{recipe}/run", null);

        Assert.Equal(HttpStatusCode.BadRequest, run.StatusCode);
        Assert.Contains(message, (await run.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
    }

    private static JsonObject Depeche(string title) => new()
    {
        ["ContentType"] = "Depeche",
        ["TitlePart"] = new JsonObject { ["Title"] = title },
        ["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>Dépêche.</p>" },
    };

    private static async Task<string> NewDepecheAsync(HttpClient client) =>
        (await Articles.CreateAsync(client, Depeche("Une dépêche " + Guid.NewGuid().ToString("n")[..6])))["ContentItemId"]!.GetValue<string>();

    private static async Task<string> MoveAsync(HttpClient client, string id, string transition, HttpStatusCode expected)
    {
        var response = await Articles.TransitionAsync(client, id, transition, transition == "reject" ? new { comment = "À revoir." } : null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{transition}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["Status"]!.GetValue<string>();
    }

    private static async Task<long> LastSequenceAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonObject>("/api/changes/status"))!["last"]!.GetValue<long>();
}
