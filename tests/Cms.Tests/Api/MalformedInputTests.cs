using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Api;

public sealed class MalformedInputTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

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
}
