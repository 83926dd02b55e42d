using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Workflow;

public sealed class WorkflowTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    private async Task<(SignedInUser Author, string Id)> AuthorDraftAsync(string title = "Un article en cours")
    {
        var author = await Host.CreateUserAsync("Author");
        var category = await Articles.CategoryIdAsync(author.Client, "defense");
        var created = await Articles.CreateAsync(author.Client, Articles.New($"{title} {Guid.NewGuid():n}", category));
        return (author, created["ContentItemId"]!.GetValue<string>());
    }

    private static async Task<string> StatusAsync(HttpResponseMessage response) => (await Articles.ReadAsync(response))["Status"]!.GetValue<string>();

    [Fact]
    public async Task Author_creates_a_draft_that_they_own()
    {
        var author = await Host.CreateUserAsync("Author");
        var category = await Articles.CategoryIdAsync(author.Client, "defense");
        var created = await Articles.CreateAsync(author.Client, Articles.New("Brouillon d’auteur", category));
        Assert.Equal("Draft", created["Status"]!.GetValue<string>());
        Assert.False(created["Published"]!.GetValue<bool>());
        Assert.True(created["Latest"]!.GetValue<bool>());
        Assert.Equal(author.Id, created["Owner"]!.GetValue<string>());
        Assert.Equal(author.UserName, created["Author"]!.GetValue<string>());
        Assert.Equal(26, created["ContentItemId"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task Author_submits_own_draft_for_review()
    {
        var (author, id) = await AuthorDraftAsync();
        var response = await Articles.TransitionAsync(author.Client, id, "submit");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("InReview", await StatusAsync(response));
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("unpublish")]
    [InlineData("reject")]
    public async Task Author_cannot_use_editor_transitions_on_own_item(string transition)
    {
        var (author, id) = await AuthorDraftAsync();
        var response = await Articles.TransitionAsync(author.Client, id, transition, new { comment = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Author_cannot_schedule_own_item()
    {
        var (author, id) = await AuthorDraftAsync();
        await Articles.TransitionAsync(author.Client, id, "submit");
        var response = await Articles.TransitionAsync(author.Client, id, "schedule", new { publishAtUtc = DateTime.UtcNow.AddHours(1).ToString("O") });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Author_cannot_touch_another_authors_draft_and_learns_nothing_of_it()
    {
        var (_, id) = await AuthorDraftAsync();
        var other = await Host.CreateUserAsync("Author");
        Assert.Equal(HttpStatusCode.NotFound, (await Articles.TransitionAsync(other.Client, id, "submit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/content/{id}?version=latest")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.DeleteAsync($"/api/content/{id}")).StatusCode);
    }

    [Fact]
    public async Task Author_cannot_edit_an_item_in_review_until_it_is_rejected()
    {
        var (author, id) = await AuthorDraftAsync();
        var submitted = await Articles.ReadAsync(await Articles.TransitionAsync(author.Client, id, "submit"));
        var versionId = submitted["ContentItemVersionId"]!.GetValue<string>();
        var edit = Articles.New("Titre modifié pendant la relecture", await Articles.CategoryIdAsync(author.Client, "defense"));

        var refused = await Articles.SaveAsync(author.Client, id, versionId, edit);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("InReview", (await Articles.ReadAsync(refused))["currentStatus"]!.GetValue<string>());

        using var editor = await Host.CreateUserAsync("Editor");
        var rejected = await Articles.TransitionAsync(editor.Client, id, "reject", new { comment = "Sources manquantes." });
        Assert.Equal("Draft", await StatusAsync(rejected));
        var accepted = await Articles.SaveAsync(author.Client, id, versionId, edit);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Editor_rejects_with_a_comment_the_author_can_read()
    {
        var (author, id) = await AuthorDraftAsync();
        await Articles.TransitionAsync(author.Client, id, "submit");
        using var editor = await Host.CreateUserAsync("Editor");
        var response = await Articles.TransitionAsync(editor.Client, id, "reject", new { comment = "Il manque la source du chiffre." });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Draft", await StatusAsync(response));

        var history = await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}/history");
        var rejection = history!["audit"]!.AsArray().Single(a => a!["action"]!.GetValue<string>() == "Rejected")!;
        Assert.Equal("Il manque la source du chiffre.", rejection["comment"]!.GetValue<string>());
        Assert.Equal("InReview", rejection["fromStatus"]!.GetValue<string>());
        Assert.Equal("Draft", rejection["toStatus"]!.GetValue<string>());
        Assert.Equal(editor.UserName, rejection["userName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reject_needs_a_comment()
    {
        var (author, id) = await AuthorDraftAsync();
        await Articles.TransitionAsync(author.Client, id, "submit");
        using var editor = await Host.CreateUserAsync("Editor");
        var response = await Articles.TransitionAsync(editor.Client, id, "reject", new { comment = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(response))["errors"]!["comment"]);
    }

    [Fact]
    public async Task Reject_from_draft_is_a_conflict_naming_the_current_state()
    {
        var (_, id) = await AuthorDraftAsync();
        using var editor = await Host.CreateUserAsync("Editor");
        var response = await Articles.TransitionAsync(editor.Client, id, "reject", new { comment = "Non." });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await Articles.ReadAsync(response);
        Assert.Equal("Draft", problem["currentStatus"]!.GetValue<string>());
        Assert.Contains("Draft", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Editor_publishes_from_review_and_readers_see_it()
    {
        var (author, id) = await AuthorDraftAsync();
        await Articles.TransitionAsync(author.Client, id, "submit");
        using var editor = await Host.CreateUserAsync("Editor");
        var response = await Articles.TransitionAsync(editor.Client, id, "publish");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var published = await Articles.ReadAsync(response);
        Assert.Equal("Published", published["Status"]!.GetValue<string>());
        Assert.True(published["Published"]!.GetValue<bool>());
        Assert.True(published["PublishedUtc"]!.GetValue<DateTime>() > DateTime.UtcNow.AddMinutes(-5));

        using var reader = Host.CreateClient();
        var read = await reader.GetAsync($"/api/content/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Editor_publishes_a_draft_directly_but_not_twice()
    {
        var (_, id) = await AuthorDraftAsync();
        using var editor = await Host.CreateUserAsync("Editor");
        Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(editor.Client, id, "publish")).StatusCode);
        var again = await Articles.TransitionAsync(editor.Client, id, "publish");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Published", (await Articles.ReadAsync(again))["currentStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submit_is_only_valid_from_draft()
    {
        var (author, id) = await AuthorDraftAsync();
        await Articles.TransitionAsync(author.Client, id, "submit");
        var again = await Articles.TransitionAsync(author.Client, id, "submit");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Unpublish_takes_the_item_away_from_readers()
    {
        var (_, id) = await AuthorDraftAsync();
        using var editor = await Host.CreateUserAsync("Editor");
        await Articles.TransitionAsync(editor.Client, id, "publish");
        using var reader = Host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/content/{id}")).StatusCode);

        var response = await Articles.TransitionAsync(editor.Client, id, "unpublish");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Draft", await StatusAsync(response));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/content/{id}")).StatusCode);
        var list = await reader.GetFromJsonAsync<JsonObject>("/api/content?type=Article&pageSize=100");
        Assert.DoesNotContain(list!["items"]!.AsArray(), i => i!["ContentItemId"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Unpublish_of_an_unpublished_item_is_a_conflict()
    {
        var (_, id) = await AuthorDraftAsync();
        using var editor = await Host.CreateUserAsync("Editor");
        Assert.Equal(HttpStatusCode.Conflict, (await Articles.TransitionAsync(editor.Client, id, "unpublish")).StatusCode);
    }

    [Fact]
    public async Task Author_cannot_unpublish_own_published_item()
    {
        var (author, id) = await AuthorDraftAsync();
        using var editor = await Host.CreateUserAsync("Editor");
        await Articles.TransitionAsync(editor.Client, id, "publish");
        Assert.Equal(HttpStatusCode.Forbidden, (await Articles.TransitionAsync(author.Client, id, "unpublish")).StatusCode);
    }

    [Fact]
    public async Task Schedule_needs_a_time_in_the_future()
    {
        var (author, id) = await AuthorDraftAsync();
        await Articles.TransitionAsync(author.Client, id, "submit");
        using var editor = await Host.CreateUserAsync("Editor");
        var missing = await Articles.TransitionAsync(editor.Client, id, "schedule", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(missing))["errors"]!["publishAtUtc"]);
        var past = await Articles.TransitionAsync(editor.Client, id, "schedule", new { publishAtUtc = "2020-01-01T00:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
    }

    [Fact]
    public async Task Scheduled_item_stays_hidden_from_readers_until_its_time()
    {
        var (author, id) = await AuthorDraftAsync();
        await Articles.TransitionAsync(author.Client, id, "submit");
        using var editor = await Host.CreateUserAsync("Editor");
        var response = await Articles.TransitionAsync(editor.Client, id, "schedule", new { publishAtUtc = DateTime.UtcNow.AddDays(1).ToString("O") });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scheduled = await Articles.ReadAsync(response);
        Assert.Equal("Scheduled", scheduled["Status"]!.GetValue<string>());
        Assert.NotNull(scheduled["PublishAtUtc"]);

        using var reader = Host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/content/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Articles.SaveAsync(author.Client, id, scheduled["ContentItemVersionId"]!.GetValue<string>(),
            Articles.New("Modif", await Articles.CategoryIdAsync(author.Client, "defense")))).StatusCode);
    }

    [Fact]
    public async Task Author_deletes_own_draft_but_not_a_published_item()
    {
        var (author, id) = await AuthorDraftAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await author.Client.DeleteAsync($"/api/content/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await author.Client.GetAsync($"/api/content/{id}?version=latest")).StatusCode);

        var (author2, published) = await AuthorDraftAsync();
        using var editor = await Host.CreateUserAsync("Editor");
        await Articles.TransitionAsync(editor.Client, published, "publish");
        Assert.Equal(HttpStatusCode.Forbidden, (await author2.Client.DeleteAsync($"/api/content/{published}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.Client.DeleteAsync($"/api/content/{published}")).StatusCode);
        using var reader = Host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/content/{published}")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_create_or_move_content()
    {
        var (_, id) = await AuthorDraftAsync();
        using var anonymous = Host.CreateClient();
        var create = await anonymous.PostAsync("/api/content", Articles.Json(Articles.New("Anonyme", "x")));
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Articles.TransitionAsync(anonymous, id, "publish")).StatusCode);
    }

    [Fact]
    public async Task Every_save_and_transition_is_in_the_audit_trail()
    {
        var (author, id) = await AuthorDraftAsync();
        var latest = await author.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest");
        var saved = await Articles.ReadAsync(await Articles.SaveAsync(author.Client, id, latest!["ContentItemVersionId"]!.GetValue<string>(),
            Articles.New("Deuxième version", await Articles.CategoryIdAsync(author.Client, "defense"))));
        await Articles.TransitionAsync(author.Client, id, "submit");
        using var editor = await Host.CreateUserAsync("Editor");
        await Articles.TransitionAsync(editor.Client, id, "publish");

        var history = await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}/history");
        var audit = history!["audit"]!.AsArray();
        Assert.Equal(["Created", "Saved", "Submitted", "Published"], audit.Select(a => a!["action"]!.GetValue<string>()).ToArray());
        Assert.All(audit, a => Assert.False(string.IsNullOrEmpty(a!["contentItemVersionId"]!.GetValue<string>())));
        Assert.All(audit, a => Assert.NotNull(a!["utc"]));
        Assert.Equal(saved["ContentItemVersionId"]!.GetValue<string>(), audit[1]!["contentItemVersionId"]!.GetValue<string>());
        Assert.Equal(author.UserName, audit[2]!["userName"]!.GetValue<string>());
        Assert.Equal(editor.UserName, audit[3]!["userName"]!.GetValue<string>());
        Assert.Equal("InReview", audit[3]!["fromStatus"]!.GetValue<string>());
        Assert.Equal(2, history["versions"]!.AsArray().Count);
    }
}
