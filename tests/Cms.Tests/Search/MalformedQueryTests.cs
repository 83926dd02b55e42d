using System.Net;
using Cms.Tests.Support;
using static Cms.Tests.Search.SearchClient;

namespace Cms.Tests.Search;

public sealed class MalformedQueryTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Theory]
    [InlineData("\"soldats coréens")]
    [InlineData("AND")]
    [InlineData("soldats AND")]
    [InlineData("*")]
    [InlineData("title:")]
    [InlineData(":")]
    [InlineData("((koursk")]
    [InlineData("koursk)")]
    [InlineData("*ursk")]
    [InlineData("?")]
    [InlineData("koursk~~~")]
    [InlineData("[a TO")]
    [InlineData("koursk^")]
    [InlineData("\\")]
    [InlineData("a*")]
    [InlineData("OR OR NOT")]
    [InlineData("{}")]
    [InlineData("</mark><script>")]
    public async Task Malformed_queries_get_results_or_a_bad_request_never_a_server_error(string q)
    {
        using var reader = Host.CreateClient();
        var response = await reader.GetAsync("/api/search?" + Q(q));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{q}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.NotNull((await Articles.ReadAsync(response))["errors"]!["q"]);
        }
    }

    [Fact]
    public async Task An_unbalanced_quote_still_searches_the_words()
    {
        using var reader = Host.CreateClient();
        var (results, _) = await WaitForAsync(reader, Q("\"soldats coréens"), r => Ids(r).Contains("4art1c1e0000000000000000a2"));
        Assert.Contains("4art1c1e0000000000000000a2", Ids(results));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_query_is_a_bad_request_naming_q(string q)
    {
        using var reader = Host.CreateClient();
        var response = await reader.GetAsync("/api/search?" + Q(q));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(response))["errors"]!["q"]);
    }

    [Fact]
    public async Task A_missing_q_is_a_bad_request_naming_q()
    {
        using var reader = Host.CreateClient();
        var response = await reader.GetAsync("/api/search");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(response))["errors"]!["q"]);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=x", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("sort=popularity", "sort")]
    [InlineData("category=nope", "category")]
    [InlineData("prefix=maybe", "prefix")]
    public async Task Bad_parameters_are_named(string parameter, string name)
    {
        using var reader = Host.CreateClient();
        var response = await reader.GetAsync("/api/search?q=koursk&" + parameter);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(response))["errors"]![name]);
    }

    [Fact]
    public async Task A_very_long_query_is_refused()
    {
        using var reader = Host.CreateClient();
        var response = await reader.GetAsync("/api/search?" + Q(string.Join(' ', Enumerable.Repeat("koursk", 200))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
