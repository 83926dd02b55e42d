using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Security;

/// <summary>
/// Integration clients: made by administrators with the permissions they need, they get tokens with
/// <c>grant_type=client_credentials</c>, act with those permissions only, and stop working once revoked.
/// </summary>
public sealed class ClientCredentialsTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    public static async Task<JsonObject> CreateClientAsync(HttpClient admin, string name, params string[] permissions)
    {
        var response = await admin.PostAsJsonAsync("/api/clients", new { name, permissions });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Articles.ReadAsync(response);
    }

    public static async Task<HttpResponseMessage> ClientTokenAsync(HttpClient http, string clientId, string secret) =>
        await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));

    private async Task<HttpClient> SignedInClientAsync(JsonObject client)
    {
        using var http = Host.CreateClient();
        var response = await ClientTokenAsync(http, client["clientId"]!.GetValue<string>(), client["clientSecret"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Host.CreateClient((await Articles.ReadAsync(response))["access_token"]!.GetValue<string>());
    }

    private async Task<string> DraftAsync(string title)
    {
        using var author = await Host.CreateUserAsync("Author");
        var draft = await Articles.CreateAsync(author.Client, Articles.New(title, await Articles.CategoryIdAsync(author.Client, "politique")));
        return draft["ContentItemId"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_front_end_client_reads_drafts_but_cannot_write()
    {
        using var admin = await Host.AdminClientAsync();
        var id = await DraftAsync("Un brouillon pour le front");
        using var frontEnd = await SignedInClientAsync(await CreateClientAsync(admin, "Front-end", "ViewContent", "PreviewContent"));

        var latest = await frontEnd.GetAsync($"/api/content/{id}?version=latest");
        var create = await frontEnd.PostAsync("/api/content", Articles.Json(Articles.New("Écrit par un client", await Articles.CategoryIdAsync(admin, "politique"))));

        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal("Un brouillon pour le front", (await Articles.ReadAsync(latest))["TitlePart"]!["Title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task A_client_token_answers_like_a_password_token()
    {
        using var admin = await Host.AdminClientAsync();
        var client = await CreateClientAsync(admin, "Import", "ViewContent");
        using var http = Host.CreateClient();

        var response = await ClientTokenAsync(http, client["clientId"]!.GetValue<string>(), client["clientSecret"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var token = await Articles.ReadAsync(response);
        Assert.Equal("Bearer", token["token_type"]!.GetValue<string>());
        Assert.Equal(3600, token["expires_in"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(token["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_client_may_authenticate_with_http_basic()
    {
        using var admin = await Host.AdminClientAsync();
        var client = await CreateClientAsync(admin, "Basic", "ViewContent");
        using var http = Host.CreateClient();
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client["clientId"]}:{Uri.EscapeDataString(client["clientSecret"]!.GetValue<string>())}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", basic) },
        };

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_secret_or_an_unknown_client_is_invalid_client()
    {
        using var admin = await Host.AdminClientAsync();
        var client = await CreateClientAsync(admin, "Secret", "ViewContent");
        using var http = Host.CreateClient();

        var wrong = await ClientTokenAsync(http, client["clientId"]!.GetValue<string>(), "not-the-secret");
        var unknown = await ClientTokenAsync(http, "nosuchclient00000000000000", "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_client", (await Articles.ReadAsync(wrong))["error"]!.GetValue<string>());
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_revoked_client_token_stops_working_and_it_gets_no_other()
    {
        using var admin = await Host.AdminClientAsync();
        var id = await DraftAsync("Un brouillon bientôt hors de portée");
        var client = await CreateClientAsync(admin, "Révoqué", "ViewContent", "PreviewContent");
        using var frontEnd = await SignedInClientAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await frontEnd.GetAsync($"/api/content/{id}?version=latest")).StatusCode);

        var revoke = await admin.DeleteAsync($"/api/clients/{client["clientId"]}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await frontEnd.GetAsync($"/api/content/{id}?version=latest")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await frontEnd.GetAsync("/api/search?q=brouillon&index=articles-latest")).StatusCode);
        using var http = Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientTokenAsync(http, client["clientId"]!.GetValue<string>(), client["clientSecret"]!.GetValue<string>())).StatusCode);
    }

    [Fact]
    public async Task Changed_permissions_apply_to_the_tokens_a_client_holds()
    {
        using var admin = await Host.AdminClientAsync();
        var client = await CreateClientAsync(admin, "Rédacteur automatique", "ViewContent");
        using var robot = await SignedInClientAsync(client);
        var article = Articles.New("Écrit par un robot", await Articles.CategoryIdAsync(admin, "politique"));
        Assert.Equal(HttpStatusCode.Forbidden, (await robot.PostAsync("/api/content", Articles.Json(article))).StatusCode);

        var change = await admin.PutAsJsonAsync($"/api/clients/{client["clientId"]}/permissions", new { permissions = new[] { "ViewContent", "EditContent" } });
        var created = await robot.PostAsync("/api/content", Articles.Json(article));

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal(["EditContent", "ViewContent"], (await Articles.ReadAsync(change))["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"client:Rédacteur automatique", (await Articles.ReadAsync(created))["Author"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_never_again()
    {
        using var admin = await Host.AdminClientAsync();
        var client = await CreateClientAsync(admin, "Discret", "ViewContent");
        var secret = client["clientSecret"]!.GetValue<string>();

        var list = await admin.GetStringAsync("/api/clients");
        var listed = JsonNode.Parse(list)!["items"]!.AsArray().Single(c => c!["clientId"]!.GetValue<string>() == client["clientId"]!.GetValue<string>())!;
        var changed = await (await admin.PutAsJsonAsync($"/api/clients/{client["clientId"]}/permissions", new { permissions = new[] { "ViewContent" } })).Content.ReadAsStringAsync();

        Assert.True(secret.Length >= 40, "the secret is long and random");
        Assert.Equal("Discret", listed["name"]!.GetValue<string>());
        Assert.DoesNotContain(secret, list);
        Assert.Null(listed["clientSecret"]);
        Assert.DoesNotContain(secret, changed);
    }

    [Fact]
    public async Task Unknown_permissions_and_missing_names_are_named()
    {
        using var admin = await Host.AdminClientAsync();

        var unknown = await admin.PostAsJsonAsync("/api/clients", new { name = "X", permissions = new[] { "ViewContent", "RuleTheWorld" } });
        var nameless = await admin.PostAsJsonAsync("/api/clients", new { permissions = new[] { "ViewContent" } });
        var notAnArray = await admin.PostAsJsonAsync("/api/clients", new { name = "Y", permissions = "ViewContent" });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("RuleTheWorld", (await Articles.ReadAsync(unknown))["errors"]!["permissions"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(nameless))["errors"]!["name"]);
        Assert.Equal(HttpStatusCode.BadRequest, notAnArray.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(notAnArray))["errors"]!["permissions"]);
    }

    [Fact]
    public async Task Only_client_managers_see_or_make_clients()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        using var anonymous = Host.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Client.GetAsync("/api/clients")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Client.PostAsJsonAsync("/api/clients", new { name = "Z", permissions = new[] { "ViewContent" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/clients")).StatusCode);
    }

    [Fact]
    public async Task A_client_holds_account_management_only_when_named_for_it()
    {
        using var admin = await Host.AdminClientAsync();
        using var contentOnly = await SignedInClientAsync(await CreateClientAsync(admin, "Contenu seulement", "ViewContent", "PreviewContent", "EditContent", "PublishContent"));
        using var userManager = await SignedInClientAsync(await CreateClientAsync(admin, "Annuaire", "ManageUsers"));

        Assert.Equal(HttpStatusCode.Forbidden, (await contentOnly.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contentOnly.GetAsync("/api/clients")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await userManager.GetAsync("/api/users")).StatusCode);
    }
}
