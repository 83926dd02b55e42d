using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using static Cms.Tests.GraphQL.GraphQLClient;

namespace Cms.Tests.GraphQL;

/// <summary>
/// GraphQL over HTTP: POST with a JSON body, GET with the query string (answers a cache can revalidate), both media
/// types, and requests that are not GraphQL requests at all refused as 400 problems that say what is wrong.
/// </summary>
[Collection(GraphQLCollection.Name)]
public sealed class GraphQLTransportTests(GraphQLHost fixture)
{
    private CmsHost Cms => fixture.Cms;

    [Fact]
    public async Task Get_and_post_give_the_same_answer_and_get_answers_can_be_revalidated()
    {
        using var admin = await Cms.AdminClientAsync();
        var marker = Enquetes.Marker();
        await Enquetes.PublishedAsync(admin, Enquetes.New($"{marker} Par GET"));
        const string query = "query Une($m: String) { enquete(where: {displayText_starts_with: $m}) { displayText } }";
        using var reader = Cms.CreateClient();
        var url = $"/api/graphql?query={Uri.EscapeDataString(query)}&variables={Uri.EscapeDataString(Serialize(new { m = marker }))}&operationName=Une";

        var got = await reader.GetAsync(url);
        var posted = await PostAsync(reader, query, new { m = marker });

        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal("application/json", got.Content.Headers.ContentType!.MediaType);
        var body = JsonNode.Parse(await got.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal([$"{marker} Par GET"], Strings(DataOf(body)["enquete"], "displayText"));
        Assert.Equal(posted.ToJsonString(), body.ToJsonString());
        Assert.Equal("public, no-cache", got.Headers.CacheControl!.ToString());
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(got.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await reader.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task The_graphql_response_media_type_is_used_when_accepted_and_a_query_that_cannot_run_is_then_a_400()
    {
        using var reader = Cms.CreateClient();
        reader.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));

        var ran = await reader.PostAsync("/api/graphql", Json(Serialize(new { query = "{ categories { slug } }" })));
        var invalid = await reader.PostAsync("/api/graphql", Json(Serialize(new { query = "{ categories { nope } }" })));
        var syntax = await reader.PostAsync("/api/graphql", Json(Serialize(new { query = "{ categories { slug }" })));

        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        Assert.Equal("application/graphql-response+json", ran.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("nope", await invalid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        Assert.NotNull(JsonNode.Parse(await syntax.Content.ReadAsStringAsync())!["errors"]);
    }

    [Fact]
    public async Task With_application_json_errors_of_the_query_come_with_200_in_the_errors_array()
    {
        using var reader = Cms.CreateClient();

        var answer = await PostAsync(reader, "{ enquete { nope } }");

        Assert.Contains("nope", Assert.Single(Errors(answer)));
    }

    [Theory]
    [InlineData("{\"query\": ", "body", "not valid JSON")]
    [InlineData("[1, 2]", "body", "must be a JSON object")]
    [InlineData("{}", "query", "query is required")]
    [InlineData("{\"query\": 12}", "query", "query is required")]
    [InlineData("{\"query\": \"{ categories { slug } }\", \"variables\": [1]}", "variables", "variables must be a JSON object")]
    [InlineData("{\"query\": \"{ categories { slug } }\", \"variables\": \"{}\"}", "variables", "variables must be a JSON object")]
    [InlineData("{\"query\": \"{ categories { slug } }\", \"operationName\": 3}", "operationName", "operationName must be a string")]
    public async Task A_post_that_is_not_a_graphql_request_is_a_400_problem_naming_what_is_wrong(string body, string field, string message)
    {
        using var reader = Cms.CreateClient();

        var response = await reader.PostAsync("/api/graphql", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(message, problem["detail"]!.GetValue<string>());
        if (field != "body") Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [InlineData("", "query is required")]
    [InlineData("?query=%7B%20categories%20%7B%20slug%20%7D%20%7D&variables=%7Bnope", "variables is not valid JSON")]
    [InlineData("?query=%7B%20categories%20%7B%20slug%20%7D%20%7D&variables=%5B%5D", "variables must be a JSON object")]
    public async Task A_get_that_is_not_a_graphql_request_is_a_400_problem_naming_what_is_wrong(string queryString, string message)
    {
        using var reader = Cms.CreateClient();

        var response = await reader.GetAsync("/api/graphql" + queryString);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415()
    {
        using var reader = Cms.CreateClient();

        var response = await reader.PostAsync("/api/graphql", new StringContent("{ categories { slug } }", Encoding.UTF8, "application/graphql"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_field_that_fails_answers_its_path_and_no_stack_trace()
    {
        using var reader = Cms.CreateClient();

        var answer = await PostAsync(reader, """{ search(query: "*") { total } categories { slug } }""");

        var error = answer["errors"]![0]!;
        Assert.Equal("search", error["path"]![0]!.GetValue<string>());
        Assert.Contains("query has no word to search for", error["message"]!.GetValue<string>());
        Assert.DoesNotContain("   at ", answer.ToJsonString());
        Assert.NotEmpty(DataOf(new JsonObject { ["data"] = answer["data"]!.DeepClone() })["categories"]!.AsArray());
    }

    [Fact]
    public async Task Search_categories_and_tags_answer_as_their_rest_endpoints_do()
    {
        using var reader = Cms.CreateClient();
        var rest = await reader.GetFromJsonAsync<JsonObject>("/api/search?q=koursk");
        var restCategories = await reader.GetFromJsonAsync<JsonObject>("/api/categories");

        var data = DataOf(await PostAsync(reader, """
            { search(query: "koursk") { total hits { contentItemId title path category categoryName snippet item { contentItemId } } }
              categories { contentItemId name slug articleCount } tags { slug name articleCount } }
            """));

        Assert.Equal(rest!["total"]!.GetValue<int>(), data["search"]!["total"]!.GetValue<int>());
        var hit = data["search"]!["hits"]![0]!;
        var restHit = rest["items"]![0]!;
        foreach (var name in new[] { "contentItemId", "title", "path", "category", "categoryName", "snippet" })
        {
            Assert.Equal(restHit[name]!.GetValue<string>(), hit[name]!.GetValue<string>());
        }
        Assert.Equal(restHit["contentItemId"]!.GetValue<string>(), hit["item"]!["contentItemId"]!.GetValue<string>());
        Assert.Equal(restCategories!["items"]!.ToJsonString(), data["categories"]!.ToJsonString());
        Assert.Contains("ukraine", Strings(data["tags"], "slug"));
    }

    [Fact]
    public async Task Search_pages_with_first_and_skip_even_across_the_searchs_own_pages()
    {
        using var admin = await Cms.AdminClientAsync();
        var word = Enquetes.Marker().ToLowerInvariant();
        var category = await Articles.CategoryIdAsync(admin, "economie");
        for (var i = 0; i < 5; i++)
        {
            var id = (await Articles.CreateAsync(admin, Articles.New($"Article {i} {word}", category)))["ContentItemId"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(admin, id, "publish")).StatusCode);
        }
        using var reader = Cms.CreateClient();
        async Task<IReadOnlyList<string>> TitlesAsync(int first, int skip) =>
            Strings(DataOf(await PostAsync(reader, $$"""{ search(query: "{{word}}", first: {{first}}, skip: {{skip}}) { total hits { title } } }"""))["search"]!["hits"], "title");

        var all = await TitlesAsync(5, 0);

        Assert.Equal(5, all.Count);
        Assert.Equal(all.Skip(1).Take(3), await TitlesAsync(3, 1));
        Assert.Equal(all.Skip(3).Take(2), await TitlesAsync(2, 3));
        Assert.Empty(await TitlesAsync(0, 0));
    }
}
