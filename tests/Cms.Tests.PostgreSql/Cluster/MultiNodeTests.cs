using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using Npgsql;

namespace Cms.Tests.Cluster;

/// <summary>
/// Three nodes, each its own process, on one PostgreSQL database: a change made through one node is what every other
/// node answers, at once for a client that carries the change's Cms-Seq, and soon for everyone else.
/// </summary>
public sealed class MultiNodeTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Support.Cluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_publish_on_one_node_is_seen_by_the_others_through_the_api_the_page_the_feed_and_search()
    {
        using var adminA = await Cluster[0].AdminClientAsync();
        var word = Word();
        var (id, path, seq) = await PublishedAsync(adminA, $"Le conseil municipal vote le budget {word}");

        foreach (var node in Cluster.Nodes.Skip(1))
        {
            // With the sequence of the change, the other node answers as the one that made it.
            using var reader = node.CreateClient();
            reader.DefaultRequestHeaders.Add("Cms-Seq", seq);
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/content/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/{path}")).StatusCode);
            Assert.Contains(word, await reader.GetStringAsync("/rss"));
            Assert.Contains(id, await reader.GetStringAsync($"/api/search?q={word}"));
        }
        // Without it, a reader of the third node sees it once that node has read the feed.
        using var anonymous = Cluster[2].CreateClient();
        Assert.True(await Eventually.HoldsAsync(async () => (await anonymous.GetAsync($"/api/content/{id}")).StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task An_integration_client_token_works_on_every_node_until_a_revocation_on_one_reaches_the_others()
    {
        using var adminA = await Cluster[0].AdminClientAsync();
        var created = await adminA.PostAsJsonAsync("/api/clients", new { name = "Front " + Word(), permissions = new[] { "ViewContent", "PreviewContent" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var client = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var draft = await adminA.PostAsync("/api/content", Articles.Json(Articles.New("Brouillon " + Word(), await Articles.CategoryIdAsync(adminA, "politique"))));
        var id = (await draft.Content.ReadFromJsonAsync<JsonObject>())!["ContentItemId"]!.GetValue<string>();
        using var tokenNode = Cluster[1].CreateClient();
        var tokenResponse = await tokenNode.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client["clientId"]!.GetValue<string>(),
            ["client_secret"] = client["clientSecret"]!.GetValue<string>(),
        }));
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        using var frontEndC = Cluster[2].CreateClient(token);
        frontEndC.DefaultRequestHeaders.Add("Cms-Seq", Seq(draft));
        Assert.Equal(HttpStatusCode.OK, (await frontEndC.GetAsync($"/api/content/{id}?version=latest")).StatusCode);

        var revoked = await adminA.DeleteAsync($"/api/clients/{client["clientId"]}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var frontEndB = Cluster[1].CreateClient(token);
        frontEndB.DefaultRequestHeaders.Add("Cms-Seq", Seq(revoked));
        Assert.Equal(HttpStatusCode.NotFound, (await frontEndB.GetAsync($"/api/content/{id}?version=latest")).StatusCode);
        Assert.True(await Eventually.HoldsAsync(async () => (await frontEndC.GetAsync($"/api/content/{id}?version=latest")).StatusCode == HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task An_unpublish_on_one_node_takes_the_article_off_the_others()
    {
        using var adminA = await Cluster[0].AdminClientAsync();
        var word = Word();
        var (id, path, _) = await PublishedAsync(adminA, $"Une exposition prolongée {word}");
        using var readerB = Cluster[1].CreateClient();
        Assert.True(await Eventually.HoldsAsync(async () => (await readerB.GetAsync($"/{path}")).StatusCode == HttpStatusCode.OK));

        var unpublished = await adminA.PostAsync($"/api/content/{id}/unpublish", null);
        Assert.Equal(HttpStatusCode.OK, unpublished.StatusCode);
        readerB.DefaultRequestHeaders.Add("Cms-Seq", Seq(unpublished));

        Assert.Equal(HttpStatusCode.NotFound, (await readerB.GetAsync($"/api/content/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await readerB.GetAsync($"/{path}")).StatusCode);
        Assert.DoesNotContain(id, await readerB.GetStringAsync($"/api/search?q={word}"));
        Assert.DoesNotContain(word, await readerB.GetStringAsync("/rss"));
    }

    [Fact]
    public async Task A_category_renamed_on_one_node_has_its_new_name_on_the_others()
    {
        using var adminA = await Cluster[0].AdminClientAsync();
        var created = await adminA.PostAsJsonAsync("/api/categories", new { name = "Rubrique " + Word() });
        var category = (await created.Content.ReadFromJsonAsync<JsonObject>())!["contentItemId"]!.GetValue<string>();
        var newName = "Rubrique renommée " + Word();

        var renamed = await adminA.PutAsJsonAsync($"/api/categories/{category}", new { name = newName });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var slug = (await renamed.Content.ReadFromJsonAsync<JsonObject>())!["slug"]!.GetValue<string>();

        using var readerC = Cluster[2].CreateClient();
        readerC.DefaultRequestHeaders.Add("Cms-Seq", Seq(renamed));
        var list = await readerC.GetFromJsonAsync<JsonObject>("/api/categories");
        Assert.Contains(list!["items"]!.AsArray(), c => c!["contentItemId"]!.GetValue<string>() == category && c["name"]!.GetValue<string>() == newName);
        Assert.Contains(newName, await readerC.GetStringAsync($"/categorie/{slug}"));
    }

    [Fact]
    public async Task A_type_defined_by_a_recipe_run_on_one_node_can_be_created_on_the_others()
    {
        using var adminA = await Cluster[0].AdminClientAsync();
        using var adminB = await Cluster[1].AdminClientAsync();
        var brief = new JsonObject { ["ContentType"] = "Brief", ["TitlePart"] = new JsonObject { ["Title"] = "Brève " + Word() } };
        var before = await adminB.PostAsync("/api/content", Articles.Json(brief));
        Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);

        var ran = await adminA.PostAsync("/api/recipes/brief/run", null);
        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        adminB.DefaultRequestHeaders.Add("Cms-Seq", Seq(ran));

        var after = await adminB.PostAsync("/api/content", Articles.Json(brief.DeepClone()));
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    [Fact]
    public async Task A_token_and_a_sign_in_cookie_made_by_one_node_are_accepted_by_another()
    {
        var token = await Cluster[0].GetTokenAsync();
        using var adminOnB = Cluster[1].CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await adminOnB.GetAsync("/api/users")).StatusCode);

        // The cookie jar sends cookies by host name, not port: a browser behind a balancer sees one origin the same way.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        var form = await browser.GetStringAsync(new Uri(Cluster[0].BaseAddress, "/admin/login"));
        var antiforgery = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await browser.PostAsync(new Uri(Cluster[1].BaseAddress, "/admin/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = CmsHost.AdminUserName,
            ["password"] = CmsHost.AdminPassword,
            ["__RequestVerificationToken"] = antiforgery,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var dashboard = await browser.GetAsync(new Uri(Cluster[2].BaseAddress, "/admin"));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task Of_two_edits_of_the_same_version_on_two_nodes_exactly_one_wins()
    {
        using var adminA = await Cluster[0].AdminClientAsync();
        using var adminB = await Cluster[1].AdminClientAsync();
        var category = await Articles.CategoryIdAsync(adminA, "politique");
        var draft = await Articles.CreateAsync(adminA, Articles.New("Deux rédacteurs, une version " + Word(), category));
        var id = draft["ContentItemId"]!.GetValue<string>();
        var version = draft["ContentItemVersionId"]!.GetValue<string>();

        for (var round = 0; round < 8; round++)
        {
            var edits = await Task.WhenAll(
                Articles.SaveAsync(adminA, id, version, Articles.New($"Version A {round}", category)),
                Articles.SaveAsync(adminB, id, version, Articles.New($"Version B {round}", category)));
            var statuses = edits.Select(e => e.StatusCode).Order().ToList();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], statuses);
            var winner = edits.Single(e => e.StatusCode == HttpStatusCode.OK);
            version = (await Articles.ReadAsync(winner))["ContentItemVersionId"]!.GetValue<string>();
        }
    }

    [Fact]
    public async Task Concurrent_writers_on_two_nodes_skip_no_feed_entry_on_any_node()
    {
        var category = await Articles.CategoryIdAsync(Cluster[0].CreateClient(), "culture");
        var writers = new List<Task>();
        foreach (var node in Cluster.Nodes.Take(2))
        {
            for (var w = 0; w < 4; w++)
            {
                writers.Add(Task.Run(async () =>
                {
                    using var admin = await node.AdminClientAsync();
                    for (var i = 0; i < 6; i++)
                    {
                        var draft = await Articles.CreateAsync(admin, Articles.New($"Écrit sur {node.Name} {Word()}", category));
                        var id = draft["ContentItemId"]!.GetValue<string>();
                        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/content/{id}/publish", null)).StatusCode);
                    }
                }));
            }
        }
        await Task.WhenAll(writers);

        foreach (var node in Cluster.Nodes)
        {
            using var admin = await node.AdminClientAsync();
            JsonObject status = null!;
            Assert.True(await Eventually.HoldsAsync(async () =>
            {
                status = (await admin.GetFromJsonAsync<JsonObject>("/api/changes/status"))!;
                return status["applied"]!.GetValue<long>() == status["last"]!.GetValue<long>()
                    && status["searchApplied"]!.GetValue<long>() == status["last"]!.GetValue<long>();
            }), $"node {node.Name} did not catch up: {status}");
            // Every entry between where the node started and where it is now was applied once: none skipped, none twice.
            var inTable = await CountEntriesAsync(status["startedAt"]!.GetValue<long>(), status["applied"]!.GetValue<long>());
            Assert.Equal(inTable, status["appliedCount"]!.GetValue<long>());
        }
    }

    private async Task<long> CountEntriesAsync(long after, long through)
    {
        await using var conn = new NpgsqlConnection(Cluster.ConnectionString);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"ChangeFeed\" WHERE \"Sequence\" > @after AND \"Sequence\" <= @through", conn);
        count.Parameters.AddWithValue("after", after);
        count.Parameters.AddWithValue("through", through);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<(string Id, string Path, string Seq)> PublishedAsync(HttpClient admin, string title)
    {
        var category = await Articles.CategoryIdAsync(admin, "politique");
        var draft = await Articles.CreateAsync(admin, Articles.New(title, category));
        var id = draft["ContentItemId"]!.GetValue<string>();
        var published = await admin.PostAsync($"/api/content/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var item = await Articles.ReadAsync(published);
        return (id, item["AutoroutePart"]!["Path"]!.GetValue<string>(), Seq(published));
    }

    private static string Seq(HttpResponseMessage response) => response.Headers.GetValues("Cms-Seq").Single();

    private static string Word() => "zq" + new string(Guid.NewGuid().ToString("n").Where(char.IsLetter).Take(8).ToArray());
}
