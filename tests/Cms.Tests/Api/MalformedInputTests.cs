using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Tests.Admin;
using Cms.Tests.Media;
using Cms.Tests.Support;

namespace Cms.Tests.Api;

public sealed class MalformedInputTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    /// <summary>An OAuth 2.0 error answer of the token endpoint (400, invalid_request); returns its description.</summary>
    private static async Task<string> AssertTokenErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = await Articles.ReadAsync(response);
        Assert.Equal("invalid_request", error["error"]!.GetValue<string>());
        return error["error_description"]!.GetValue<string>();
    }

    private static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Articles.ReadAsync(response);
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.DoesNotContain("   at ", problem.ToJsonString());
        return problem;
    }

    private async Task<HttpResponseMessage> PostRawAsync(string body, string contentType = "application/json")
    {
        using var editor = await Host.CreateUserAsync("Editor");
        return await editor.Client.PostAsync("/api/content", new StringContent(body, Encoding.UTF8, contentType));
    }

    [Theory]
    [InlineData("{ \"ContentType\": \"Article\", ")]
    [InlineData("not json at all")]
    [InlineData("{ \"ContentType\": 'Article' }")]
    public async Task Broken_json_is_a_400_saying_so(string body)
    {
        var problem = await AssertProblemAsync(await PostRawAsync(body), HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_json_array_is_not_a_content_item()
    {
        var problem = await AssertProblemAsync(await PostRawAsync("[1, 2]"), HttpStatusCode.BadRequest);
        Assert.Contains("object", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_content_type_is_named()
    {
        var problem = await AssertProblemAsync(await PostRawAsync("""{ "ContentType": "Podcast", "TitlePart": { "Title": "x" } }"""), HttpStatusCode.BadRequest);
        Assert.Contains("Podcast", problem["errors"]!["ContentType"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_content_type_is_named()
    {
        var problem = await AssertProblemAsync(await PostRawAsync("""{ "TitlePart": { "Title": "x" } }"""), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["ContentType"]);
    }

    [Fact]
    public async Task Missing_required_title_and_category_are_named()
    {
        var problem = await AssertProblemAsync(await PostRawAsync("""{ "ContentType": "Article", "HtmlBodyPart": { "Html": "<p>x</p>" } }"""), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["TitlePart.Title"]);
        Assert.NotNull(problem["errors"]!["Article.Category.TermContentItemIds"]);
    }

    [Fact]
    public async Task A_part_the_type_does_not_have_is_named()
    {
        var problem = await AssertProblemAsync(await PostRawAsync("""{ "ContentType": "Article", "TitlePart": { "Title": "x" }, "MenuPart": {} }"""), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["MenuPart"]);
    }

    [Fact]
    public async Task A_field_of_the_wrong_kind_is_named()
    {
        var problem = await AssertProblemAsync(await PostRawAsync("""
            { "ContentType": "Article", "TitlePart": { "Title": "x" },
              "Article": { "Subtitle": { "Text": 5 }, "Breaking": { "Value": "oui" }, "Unknown": { "Text": "x" },
                           "Category": { "TermContentItemIds": ["4c4td3fen5e000000000000000"] } } }
            """), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["Article.Subtitle.Text"]);
        Assert.NotNull(problem["errors"]!["Article.Breaking.Value"]);
        Assert.NotNull(problem["errors"]!["Article.Unknown"]);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413()
    {
        var html = new string('a', 2 * 1024 * 1024);
        await AssertProblemAsync(await PostRawAsync($$"""{ "ContentType": "Article", "HtmlBodyPart": { "Html": "{{html}}" } }"""), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415()
    {
        await AssertProblemAsync(await PostRawAsync("ContentType=Article", "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("/api/content?page=0")]
    [InlineData("/api/content?page=abc")]
    [InlineData("/api/content?pageSize=1000")]
    [InlineData("/api/content?status=Bogus")]
    [InlineData("/api/content?category=no-such-category")]
    [InlineData("/api/content/anything?version=oldest")]
    public async Task Bad_query_parameters_are_a_400(string url)
    {
        using var reader = Host.CreateClient();
        await AssertProblemAsync(await reader.GetAsync(url), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_schedule_time_that_is_not_a_date_is_a_400()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(editor.Client, "sport");
        var item = await Articles.CreateAsync(editor.Client, Articles.New("Date invalide", category));
        var response = await Articles.TransitionAsync(editor.Client, item["ContentItemId"]!.GetValue<string>(), "schedule", new { publishAtUtc = "demain midi" });
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["publishAtUtc"]);
    }

    [Fact]
    public async Task Unknown_items_and_routes_are_problem_404s()
    {
        using var reader = Host.CreateClient();
        await AssertProblemAsync(await reader.GetAsync("/api/content/4n0such1tem000000000000000"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await reader.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);
    }

    /// <summary>Sends bytes as they are (a JSON serializer would never write a lone surrogate or a key twice).</summary>
    private static Task<HttpResponseMessage> SendRawAsync(HttpClient client, HttpMethod method, string url, byte[] body, string contentType = "application/json", string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", $"\"{ifMatch}\"");
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SendRawAsync(HttpClient client, HttpMethod method, string url, string body, string? ifMatch = null) =>
        SendRawAsync(client, method, url, Encoding.UTF8.GetBytes(body), ifMatch: ifMatch);

    /// <summary>The change feed's last sequence: a refused write adds nothing to it.</summary>
    private async Task<long> LastChangeAsync()
    {
        using var admin = await Host.AdminClientAsync();
        return (await admin.GetFromJsonAsync<JsonObject>("/api/changes/status"))!["last"]!.GetValue<long>();
    }

    /// <summary>A 400 problem whose errors name <paramref name="path"/>, and whose detail says what is wrong there.</summary>
    private static async Task AssertRefusedAtAsync(HttpResponseMessage response, string path, string fault)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?[path] is not null, $"errors should name {path}: {problem}");
        Assert.Contains(fault, problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<(SignedInUser Editor, string Id, string VersionId)> DraftAsync(string title)
    {
        var editor = await Host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(editor.Client, "sport");
        var item = await Articles.CreateAsync(editor.Client, Articles.New(title, category));
        return (editor, item["ContentItemId"]!.GetValue<string>(), item["ContentItemVersionId"]!.GetValue<string>());
    }

    private static async Task<string> LatestVersionAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!["ContentItemVersionId"]!.GetValue<string>();

    [Theory]
    [InlineData("""{ "ContentType": "Article", "TitlePart": { "Title": "\ud800" } }""", "TitlePart.Title")]
    [InlineData("""{ "ContentType": "Article", "TitlePart": { "Title": "fin\udc00" } }""", "TitlePart.Title")]
    [InlineData("""{ "ContentType": "Article", "Article": { "Tags": { "TermContentItemIds": ["a", "\ud800\ud800"] } } }""", "Article.Tags.TermContentItemIds[1]")]
    [InlineData("""{ "ContentType": "Article", "TitlePart": { "\ud800": "x" } }""", "TitlePart.(key)")]
    public async Task A_lone_surrogate_in_a_new_item_is_refused_naming_its_path(string body, string path)
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var before = await LastChangeAsync();

        await AssertRefusedAtAsync(await SendRawAsync(editor.Client, HttpMethod.Post, "/api/content", body), path, "lone surrogate");

        Assert.Equal(before, await LastChangeAsync());
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_new_user_is_refused_and_no_user_is_made()
    {
        using var admin = await Host.AdminClientAsync();
        var body = """{ "userName": "surrogat\ud800", "email": "s@example.org", "password": "Str0ng-Password!", "roles": ["Author"] }""";

        await AssertRefusedAtAsync(await SendRawAsync(admin, HttpMethod.Post, "/api/users", body), "userName", "lone surrogate");

        var users = await admin.GetFromJsonAsync<JsonArray>("/api/users");
        Assert.DoesNotContain(users!, u => u!["userName"]!.GetValue<string>().StartsWith("surrogat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_transition_comment_is_refused_and_the_item_stays_in_review()
    {
        var (editor, id, _) = await DraftAsync("Commentaire invalide");
        using (editor)
        {
            await Articles.TransitionAsync(editor.Client, id, "submit");
            var before = await LastChangeAsync();

            await AssertRefusedAtAsync(await SendRawAsync(editor.Client, HttpMethod.Post, $"/api/content/{id}/reject", """{ "comment": "\udc00" }"""), "comment", "lone surrogate");

            Assert.Equal("InReview", (await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!["Status"]!.GetValue<string>());
            Assert.Equal(before, await LastChangeAsync());
        }
    }

    [Theory]
    [InlineData("reject", """{ "comment": "a", "comment": "b" }""", "comment")]
    [InlineData("schedule", """{ "publishAtUtc": "2031-01-01T08:00:00Z", "publishAtUtc": "2032-01-01T08:00:00Z" }""", "publishAtUtc")]
    public async Task A_key_given_twice_to_a_transition_is_refused_naming_it(string transition, string body, string key)
    {
        var (editor, id, _) = await DraftAsync("Clé en double " + transition);
        using (editor)
        {
            await Articles.TransitionAsync(editor.Client, id, "submit");
            var before = await LastChangeAsync();

            await AssertRefusedAtAsync(await SendRawAsync(editor.Client, HttpMethod.Post, $"/api/content/{id}/{transition}", body), key, "twice");

            Assert.Equal("InReview", (await editor.Client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest"))!["Status"]!.GetValue<string>());
            Assert.Equal(before, await LastChangeAsync());
        }
    }

    [Fact]
    public async Task A_key_given_twice_in_a_saved_item_is_refused_naming_its_path_and_no_version_is_made()
    {
        var (editor, id, version) = await DraftAsync("Titre en double");
        using (editor)
        {
            var category = await Articles.CategoryIdAsync(editor.Client, "sport");
            var body = $$"""
                { "ContentType": "Article", "TitlePart": { "Title": "Un", "Title": "Deux" },
                  "Article": { "Category": { "TermContentItemIds": ["{{category}}"] } } }
                """;

            await AssertRefusedAtAsync(await SendRawAsync(editor.Client, HttpMethod.Put, $"/api/content/{id}", body, ifMatch: version), "TitlePart.Title", "twice");

            Assert.Equal(version, await LatestVersionAsync(editor.Client, id));
        }
    }

    [Fact]
    public async Task A_key_given_twice_in_a_media_update_is_refused_and_the_texts_stay()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var media = await MediaApiClient.UploadNewAsync(editor.Client, TestImages.Jpeg(8, 8), "double.jpg", new Dictionary<string, string> { ["alt"] = "Avant" });
        var path = MediaApiClient.PathOf(media);

        await AssertRefusedAtAsync(await SendRawAsync(editor.Client, HttpMethod.Put, $"/api/media/{path}", """{ "alt": "Un", "alt": "Deux" }"""), "alt", "twice");

        Assert.Equal("Avant", (await editor.Client.GetFromJsonAsync<JsonObject>($"/api/media/info?path={path}"))!["alt"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{ "ContentType": "Article", "Article": { "Subtitle": { "Text": "a\u0000b" } } }""", "Article.Subtitle.Text")]
    [InlineData("""{ "ContentType": "Article", "Tit\u0000re": {} }""", "(key)")]
    public async Task A_nul_character_in_json_is_refused_naming_its_path(string body, string path)
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var before = await LastChangeAsync();

        await AssertRefusedAtAsync(await SendRawAsync(editor.Client, HttpMethod.Post, "/api/content", body), path, "NUL");

        Assert.Equal(before, await LastChangeAsync());
    }

    [Theory]
    [InlineData("/api/content?type=Art%00icle", "type")]
    [InlineData("/api/search?q=kour%00sk", "q")]
    [InlineData("/recherche?q=%00", "q")]
    public async Task A_nul_character_in_the_query_string_is_refused_naming_the_parameter(string url, string parameter)
    {
        using var reader = Host.CreateClient();

        await AssertRefusedAtAsync(await reader.GetAsync(url), parameter, "NUL");
    }

    [Fact]
    public async Task A_nul_character_in_a_multipart_field_is_refused_naming_it_and_nothing_is_stored()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var folder = "tests/nul-" + Guid.NewGuid().ToString("n")[..8];

        var response = await MediaApiClient.UploadAsync(editor.Client, TestImages.Jpeg(8, 8), "nul.jpg", folder, fields: new Dictionary<string, string> { ["alt"] = "a\0b" });

        await AssertRefusedAtAsync(response, "alt", "NUL");
        Assert.Empty((await editor.Client.GetFromJsonAsync<JsonObject>($"/api/media?folder={folder}"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_nul_character_in_an_url_encoded_form_is_a_400()
    {
        using var client = Host.CreateClient();

        var response = await client.PostAsync("/connect/token",
            new StringContent("grant_type=password&username=ad%00min&password=x", Encoding.ASCII, "application/x-www-form-urlencoded"));

        // The token endpoint answers as OAuth 2.0 says (RFC 6749 §5.2), not with problem details.
        var error = await AssertTokenErrorAsync(response);
        Assert.Contains("form", error);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task Bytes_that_are_not_utf8_are_refused_naming_their_path(byte[] invalid)
    {
        using var editor = await Host.CreateUserAsync("Editor");
        byte[] body = [.. """{ "ContentType": "Article", "TitlePart": { "Title": "a"""u8, .. invalid, .. "\" } }"u8];

        await AssertRefusedAtAsync(await SendRawAsync(editor.Client, HttpMethod.Post, "/api/content", body), "TitlePart.Title", "UTF-8");
    }

    [Theory]
    [InlineData("/api/media")]
    [InlineData("/api/lucene/content")]
    [InlineData("/connect/token")]
    public async Task A_multipart_body_without_its_boundary_is_a_400_saying_so(string url)
    {
        using var editor = await Host.CreateUserAsync("Editor");

        var response = await SendRawAsync(editor.Client, HttpMethod.Post, url, "--x\r\n\r\nvalue\r\n--x--"u8.ToArray(), "multipart/form-data");

        var detail = url == "/connect/token" ? await AssertTokenErrorAsync(response)
            : (await AssertProblemAsync(response, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>();
        Assert.Contains("boundary", detail);
    }

    [Fact]
    public async Task A_multipart_body_cut_short_is_a_400()
    {
        using var client = Host.CreateClient();

        var response = await SendRawAsync(client, HttpMethod.Post, "/api/lucene/content",
            "--b\r\nContent-Disposition: form-data; name=\"indexName\"\r\n\r\narticles\r\n--b\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\n{"u8.ToArray(),
            "multipart/form-data; boundary=b");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("cannot be read", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_page_so_far_that_its_offset_overflows_is_refused_naming_page()
    {
        using var reader = Host.CreateClient();

        var problem = await AssertProblemAsync(await reader.GetAsync("/api/content?page=2147483647&pageSize=100"), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["page"]);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("99999999999999999999")]
    [InlineData("\"2\"")]
    public async Task A_category_position_that_is_no_int_is_refused_naming_it(string position)
    {
        using var admin = await Host.AdminClientAsync();
        var sport = await Articles.CategoryIdAsync(admin, "sport");

        var response = await SendRawAsync(admin, HttpMethod.Post, $"/api/categories/{sport}/move", $$"""{ "position": {{position}} }""");

        Assert.NotNull((await AssertProblemAsync(response, HttpStatusCode.BadRequest))["errors"]!["position"]);
    }

    [Fact]
    public async Task A_number_no_decimal_holds_is_refused_naming_its_field_and_nothing_is_written()
    {
        const string recipe = """
            { "name": "notes", "steps": [ { "name": "ContentDefinition",
              "ContentTypes": [ { "Name": "Note", "Settings": { "ContentTypeSettings": { "Creatable": true } },
                "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" }, { "PartName": "Note", "Name": "Note" } ] } ],
              "ContentParts": [ { "Name": "Note", "ContentPartFieldDefinitionRecords": [ { "FieldName": "NumericField", "Name": "Valeur" } ] } ] } ] }
            """;
        using var recipes = new RecipesFolder(new Dictionary<string, string> { ["notes"] = recipe });
        await using var host = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:RecipesPath"] = recipes.Path });
        using var admin = await host.AdminClientAsync();
        (await admin.PostAsync("/api/recipes/notes/run", null)).EnsureSuccessStatusCode();

        // One host (with a type that has a NumericField) for the three numbers.
        foreach (var number in new[] { "1e400", "-1e400", "99999999999999999999999999999999" })
        {
            var response = await SendRawAsync(admin, HttpMethod.Post, "/api/content",
                $$"""{ "ContentType": "Note", "TitlePart": { "Title": "Une note" }, "Note": { "Valeur": { "Value": {{number}} } } }""");

            await AssertRefusedAtAsync(response, "Note.Valeur.Value", "number");
        }
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonObject>("/api/content?type=Note&status=Draft"))!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_typed_parameter_that_cannot_be_read_is_a_400_naming_it()
    {
        using var editor = await Host.CreateUserAsync("Editor");

        var problem = await AssertProblemAsync(await editor.Client.DeleteAsync("/api/media/2024/11/nothing.jpg?force=maybe"), HttpStatusCode.BadRequest);

        Assert.Contains("force", problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("userName")]
    [InlineData("email")]
    public async Task A_user_name_or_address_longer_than_its_column_is_refused_and_no_user_is_made(string field)
    {
        using var admin = await Host.AdminClientAsync();
        var userName = field == "userName" ? "long" + new string('n', 300) : "long-" + Guid.NewGuid().ToString("n")[..10];
        var email = field == "email" ? new string('e', 300) + "@example.org" : $"{userName[..10]}@example.org";

        var response = await admin.PostAsJsonAsync("/api/users", new { userName, email, password = "Str0ng-Password!", roles = new[] { "Author" } });

        Assert.NotNull((await AssertProblemAsync(response, HttpStatusCode.BadRequest))["errors"]![field]);
        var users = await admin.GetFromJsonAsync<JsonArray>("/api/users");
        Assert.DoesNotContain(users!, u => u!["userName"]!.GetValue<string>() == userName);
    }

    [Fact]
    public async Task A_media_folder_too_long_for_a_path_is_refused_naming_it_and_nothing_is_stored()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var root = "tests/long-" + Guid.NewGuid().ToString("n")[..8];
        var folder = root + "/" + string.Join('/', Enumerable.Repeat(new string('d', 100), 12));

        var response = await MediaApiClient.UploadAsync(editor.Client, TestImages.Jpeg(8, 8), "long.jpg", folder);

        Assert.NotNull((await AssertProblemAsync(response, HttpStatusCode.BadRequest))["errors"]!["folder"]);
        Assert.Empty((await editor.Client.GetFromJsonAsync<JsonObject>($"/api/media?folder={root}"))!["folders"]!.AsArray());
    }

    [Fact]
    public async Task A_lucene_query_with_more_clauses_than_lucene_takes_is_refused_naming_query()
    {
        using var reader = Host.CreateClient();
        var terms = new JsonArray(Enumerable.Range(0, 2000).Select(i => (JsonNode?)JsonValue.Create("t" + i)).ToArray());
        var body = new JsonObject { ["indexName"] = "articles", ["query"] = new JsonObject { ["query"] = new JsonObject { ["terms"] = new JsonObject { ["Content.ContentItem.ContentType"] = terms } } } };

        var problem = await AssertProblemAsync(await reader.PostAsync("/api/lucene/content", Articles.Json(body)), HttpStatusCode.BadRequest);

        Assert.Contains("clauses", problem["errors"]!["query"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_lucene_match_operator_that_is_not_a_word_is_refused_naming_it()
    {
        using var reader = Host.CreateClient();
        var query = Uri.EscapeDataString("""{"query":{"match":{"Content.ContentItem.FullText":{"query":"koursk","operator":5}}}}""");

        var problem = await AssertProblemAsync(await reader.GetAsync($"/api/lucene/content?indexName=articles&query={query}"), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["query.match.operator"]);
    }

    [Fact]
    public async Task A_key_given_twice_in_the_lucene_query_parameter_is_refused_naming_it()
    {
        using var reader = Host.CreateClient();
        var query = Uri.EscapeDataString("""{"query":{"match_all":{}},"size":1,"size":2}""");

        var problem = await AssertProblemAsync(await reader.GetAsync($"/api/lucene/content?indexName=articles&query={query}"), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["query.size"]);
    }

    [Theory]
    [InlineData("DELETE", "/admin/categories", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PAGE", "/admin/categories?handler=HandlerExecution", HttpStatusCode.MethodNotAllowed)]
    [InlineData("TRACE", "/admin/articles/new", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/admin/categories?handler=Nothing", HttpStatusCode.NotFound)]
    public async Task An_admin_page_refuses_a_request_none_of_its_handlers_takes(string method, string url, HttpStatusCode status)
    {
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        // A form, as a browser would send, except where HTTP allows no body.
        if (method != "TRACE") request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" });
        request.Headers.Add("RequestVerificationToken", await session.AntiforgeryTokenAsync("/admin/categories"));

        var response = await session.Client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.MethodNotAllowed) Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task An_admin_form_sent_as_json_is_a_415_and_creates_nothing()
    {
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var name = "Rubrique JSON " + Guid.NewGuid().ToString("n")[..6];
        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/categories?handler=Create") { Content = Articles.Json(new JsonObject { ["name"] = name }) };
        request.Headers.Add("RequestVerificationToken", await session.AntiforgeryTokenAsync("/admin/categories"));

        var response = await session.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.DoesNotContain(name, await session.Client.GetStringAsync("/api/categories"));
    }

    [Fact]
    public async Task An_admin_form_the_reader_refuses_is_answered_like_the_api_and_creates_nothing()
    {
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var name = "Rubrique NUL " + Guid.NewGuid().ToString("n")[..6];
        using var form = new MultipartFormDataContent { { new StringContent(name + "\0"), "name" } };

        var response = await session.PostMultipartAsync("/admin/categories?handler=Create", form, "/admin/categories");

        await AssertRefusedAtAsync(response, "name", "NUL");
        Assert.DoesNotContain(name, await session.Client.GetStringAsync("/api/categories"));
    }
}
