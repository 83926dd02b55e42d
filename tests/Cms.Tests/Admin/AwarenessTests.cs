using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Admin;

/// <summary>The system clock moved forward by what a test says: hours of waiting without sleeping.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private TimeSpan _shift;

    public void Advance(TimeSpan by) => _shift += by;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;
}

public sealed class ShiftedClockHostFixture : IAsyncLifetime
{
    public ShiftedClock Clock { get; } = new();

    public CmsHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CmsHost.StartAsync(services: services => services.AddSingleton<TimeProvider>(Clock));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>What tells the newsroom what others did and are doing: sent-back drafts, waiting times, who has an article open.</summary>
public sealed class AwarenessTests(ShiftedClockHostFixture fixture) : IClassFixture<ShiftedClockHostFixture>
{
    private const string Password = "Str0ng-Password!";

    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task A_rejected_article_is_shown_to_its_author_as_sent_back_with_the_editors_comment()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var id = await DraftAsync(author, "Renvoyé à l’auteur");
        (await Articles.TransitionAsync(author.Client, id, "submit")).EnsureSuccessStatusCode();
        (await Articles.TransitionAsync(editor.Client, id, "reject", new { comment = "Citez la source du chiffre." })).EnsureSuccessStatusCode();
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var html = await session.Client.GetStringAsync("/admin");
        var sentBack = Section(html, "sent-back-title");

        Assert.Contains("Renvoyé</span>", sentBack);
        Assert.Contains("Renvoyé à l’auteur", sentBack);
        Assert.Contains($"par {editor.UserName}", sentBack);
        Assert.Contains("<blockquote class=\"rejection\">Citez la source du chiffre.</blockquote>", sentBack);
        Assert.DoesNotContain("Renvoyé à l’auteur", Section(html, "drafts-title"));
    }

    [Fact]
    public async Task A_sent_back_article_resubmitted_is_no_longer_shown_as_sent_back()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var id = await DraftAsync(author, "Soumis de nouveau");
        (await Articles.TransitionAsync(author.Client, id, "submit")).EnsureSuccessStatusCode();
        (await Articles.TransitionAsync(editor.Client, id, "reject", new { comment = "À reprendre." })).EnsureSuccessStatusCode();
        (await Articles.TransitionAsync(author.Client, id, "submit")).EnsureSuccessStatusCode();
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var html = await session.Client.GetStringAsync("/admin");

        Assert.DoesNotContain("sent-back-title", html);
        Assert.Contains("Soumis de nouveau", Section(html, "review-title"));
    }

    [Fact]
    public async Task The_review_queue_says_how_long_each_article_has_waited_since_it_entered_review()
    {
        var author = await Host.CreateUserAsync("Author");
        var editor = await Host.CreateUserAsync("Editor");
        var id = await DraftAsync(author, $"Attend sa relecture {Guid.NewGuid():n}");
        (await Articles.TransitionAsync(author.Client, id, "submit")).EnsureSuccessStatusCode();
        fixture.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(30));
        using var session = await AdminSession.SignInAsync(Host, editor.UserName, Password);

        var queue = Section(await session.Client.GetStringAsync("/admin"), "queue-title");
        var row = queue[queue.IndexOf(id, StringComparison.Ordinal)..];

        Assert.Contains("en attente depuis 2 h 3", row[..row.IndexOf("</tr>", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task Opening_an_article_someone_else_has_open_says_who_and_since_when()
    {
        var (marc, julie, id) = await TwoEditorsAsync();
        using var marcSession = await AdminSession.SignInAsync(Host, marc.UserName, Password);
        using var julieSession = await AdminSession.SignInAsync(Host, julie.UserName, Password);
        var marcBeat = await BeatAsync(marcSession, id);

        var page = await julieSession.Client.GetStringAsync($"/admin/articles/{id}");
        var julieBeat = await BeatAsync(julieSession, id);
        var marcNext = await BeatAsync(marcSession, id);

        Assert.Equal("", marcBeat["message"]!.GetValue<string>());
        Assert.Contains($"{marc.UserName} modifie cet article depuis moins d’une minute.", page);
        Assert.Equal($"{marc.UserName} modifie cet article depuis moins d’une minute.", julieBeat["message"]!.GetValue<string>());
        Assert.Equal($"{julie.UserName} modifie cet article depuis moins d’une minute.", marcNext["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Leaving_the_page_clears_the_presence_at_once()
    {
        var (marc, julie, id) = await TwoEditorsAsync();
        using var marcSession = await AdminSession.SignInAsync(Host, marc.UserName, Password);
        using var julieSession = await AdminSession.SignInAsync(Host, julie.UserName, Password);
        await BeatAsync(marcSession, id);

        var left = await PostAsync(marcSession, $"/admin/presence/{id}/leave", id);
        var julieBeat = await BeatAsync(julieSession, id);

        Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        Assert.Equal("", julieBeat["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_presence_whose_heartbeat_stopped_a_while_ago_is_ignored()
    {
        var (marc, julie, id) = await TwoEditorsAsync();
        using var marcSession = await AdminSession.SignInAsync(Host, marc.UserName, Password);
        await BeatAsync(marcSession, id);
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        using var julieSession = await AdminSession.SignInAsync(Host, julie.UserName, Password);

        var julieBeat = await BeatAsync(julieSession, id);

        Assert.Equal("", julieBeat["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_heartbeat_without_the_antiforgery_token_is_refused_with_a_problem_naming_it()
    {
        var (marc, _, id) = await TwoEditorsAsync();
        using var session = await AdminSession.SignInAsync(Host, marc.UserName, Password);
        await session.Client.GetStringAsync($"/admin/articles/{id}");

        var response = await session.Client.PostAsync($"/admin/presence/{id}", new FormUrlEncodedContent(new Dictionary<string, string>()));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem!["errors"]!["__RequestVerificationToken"]);
    }

    [Fact]
    public async Task A_heartbeat_whose_body_is_no_readable_form_is_a_400_not_a_500()
    {
        var (marc, _, id) = await TwoEditorsAsync();
        using var session = await AdminSession.SignInAsync(Host, marc.UserName, Password);
        await session.Client.GetStringAsync($"/admin/articles/{id}");
        using var body = new StringContent("--x\r\n\r\nvalue\r\n--x--");
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data");

        var response = await session.Client.PostAsync($"/admin/presence/{id}/leave", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_author_cannot_announce_presence_on_someone_elses_draft()
    {
        var owner = await Host.CreateUserAsync("Author");
        var other = await Host.CreateUserAsync("Author");
        var id = await DraftAsync(owner, "Le brouillon d’un autre");
        using var session = await AdminSession.SignInAsync(Host, other.UserName, Password);

        var response = await PostAsync(session, $"/admin/presence/{id}", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<(SignedInUser Marc, SignedInUser Julie, string Id)> TwoEditorsAsync()
    {
        var marc = await Host.CreateUserAsync("Editor");
        var julie = await Host.CreateUserAsync("Editor");
        return (marc, julie, await DraftAsync(marc, "Ouvert par deux personnes"));
    }

    private static async Task<string> DraftAsync(SignedInUser author, string title)
    {
        var created = await Articles.CreateAsync(author.Client, Articles.New(title, await Articles.CategoryIdAsync(author.Client, "defense")));
        return created["ContentItemId"]!.GetValue<string>();
    }

    private static async Task<JsonObject> BeatAsync(AdminSession session, string id)
    {
        var response = await PostAsync(session, $"/admin/presence/{id}", id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Posts the form presence.js sends: the editor page's antiforgery token (from <paramref name="pageOf"/>'s editor, else the list).</summary>
    private static async Task<HttpResponseMessage> PostAsync(AdminSession session, string path, string? pageOf)
    {
        var token = await session.AntiforgeryTokenAsync(pageOf is null ? "/admin/articles" : $"/admin/articles/{pageOf}");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        return await session.Client.PostAsync(path, form);
    }

    private static string Section(string html, string titleId)
    {
        var start = html.IndexOf($"id=\"{titleId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No section {titleId}.");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}
