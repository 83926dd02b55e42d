using Cms.Tests.Support;
using static Cms.Tests.GraphQL.GraphQLClient;

namespace Cms.Tests.GraphQL;

/// <summary>Depth, complexity, page size and query length are limited; each refusal is a GraphQL error naming the limit and its setting.</summary>
[Collection(GraphQLCollection.Name)]
public sealed class GraphQLLimitsTests(GraphQLHost fixture)
{
    private CmsHost Cms => fixture.Cms;

    [Fact]
    public async Task A_query_deeper_than_the_limit_is_refused_before_it_runs()
    {
        using var reader = Cms.CreateClient();
        const string picked = "liens { contentItems { ... on Enquete { ";
        var query = "{ enquete(first: 1) { " + string.Concat(Enumerable.Repeat(picked, 5)) + "displayText" + new string('}', 5 * 3) + " } }";

        var answer = await PostAsync(reader, query);

        var error = Assert.Single(Errors(answer));
        Assert.Contains("levels deep; the limit is 10 (Cms:GraphQL:MaxDepth)", error);
        Assert.Null(answer["data"]);
    }

    [Fact]
    public async Task A_query_more_complex_than_the_limit_is_refused_before_it_runs()
    {
        using var reader = Cms.CreateClient();
        const string query = """
            { enquete(first: 100) { displayText resume { text }
                liens { contentItems { ... on Enquete { displayText resume { text }
                  liens { contentItems { ... on Enquete { displayText resume { text }
                    liens { contentItems { ... on Enquete { displayText resume { text } } } } } } } } } } } }
            """;

        var answer = await PostAsync(reader, query);

        var error = Assert.Single(Errors(answer));
        Assert.Contains("the limit is 20000 (Cms:GraphQL:MaxComplexity)", error);
        Assert.Null(answer["data"]);
    }

    [Fact]
    public async Task A_page_larger_than_the_api_page_size_is_refused_naming_it()
    {
        using var reader = Cms.CreateClient();

        var list = await PostAsync(reader, "{ enquete(first: 101) { displayText } }");
        var search = await PostAsync(reader, """{ search(query: "koursk", first: 101) { total } }""");
        var negative = await PostAsync(reader, "{ enquete(skip: -1) { displayText } }");

        Assert.Equal("first must be from 0 to 100 (Cms:Api:MaxPageSize).", Assert.Single(Errors(list)));
        Assert.Equal("first must be from 0 to 100 (Cms:Api:MaxPageSize).", Assert.Single(Errors(search)));
        Assert.Equal("skip must be 0 or more.", Assert.Single(Errors(negative)));
    }

    [Fact]
    public async Task A_query_longer_than_the_limit_is_refused_naming_it()
    {
        using var reader = Cms.CreateClient();
        var query = "{ enquete { displayText } }" + new string(' ', 10_000);

        var answer = await PostAsync(reader, query);

        Assert.Contains("the limit is 10000 (Cms:GraphQL:MaxQueryLength)", Assert.Single(Errors(answer)));
        Assert.Null(answer["data"]);
    }

    [Fact]
    public async Task Deep_introspection_beyond_what_tools_send_is_refused()
    {
        using var reader = Cms.CreateClient();
        const string query = "{ __schema { types { fields { type { ofType { fields { type { ofType { fields { type { ofType { fields { name } } } } } } } } } } } } }";

        var answer = await PostAsync(reader, query);

        Assert.Contains("The introspection query is", Assert.Single(Errors(answer)));
    }
}
