using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using static Cms.Tests.Search.SearchClient;

namespace Cms.Tests.Search;

public sealed class OrchardLuceneApiTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private const string Koursk = "4art1c1e0000000000000000a2";

    private CmsHost Host => fixture.Host;

    private async Task<HttpResponseMessage> GetAsync(HttpClient client, string dsl, string index = "articles") =>
        await client.GetAsync($"/api/lucene/content?indexName={index}&query={Uri.EscapeDataString(dsl)}");

    private async Task<JsonArray> ItemsAsync(string dsl, string index = "articles", HttpClient? client = null)
    {
        using var reader = Host.CreateClient();
        var response = await GetAsync(client ?? reader, dsl, index);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsArray();
    }

    private static IEnumerable<string> ItemIds(JsonArray items) => items.Select(i => i!["ContentItemId"]!.GetValue<string>());

    private async Task WaitForSeededIndexAsync()
    {
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q("koursk"), r => Ids(r).Contains(Koursk));
    }

    [Fact]
    public async Task Match_on_full_text_returns_published_content_items_in_orchard_shape()
    {
        await WaitForSeededIndexAsync();
        var items = await ItemsAsync("""{"query":{"match":{"Content.ContentItem.FullText":"soldats coréens"}}}""");
        var item = items.Single(i => i!["ContentItemId"]!.GetValue<string>() == Koursk)!;
        Assert.Equal("Article", item["ContentType"]!.GetValue<string>());
        Assert.True(item["Published"]!.GetValue<bool>());
        Assert.NotNull(item["TitlePart"]!["Title"]);
        Assert.NotNull(item["HtmlBodyPart"]!["Html"]);
    }

    [Fact]
    public async Task Bool_term_terms_phrase_wildcard_prefix_and_match_all_forms_are_understood()
    {
        await WaitForSeededIndexAsync();
        Assert.Contains(Koursk, ItemIds(await ItemsAsync($$$$$"""{"query":{"term":{"Content.ContentItem.ContentItemId":"{{{{{Koursk}}}}}"}}}""")));
        Assert.Contains(Koursk, ItemIds(await ItemsAsync($$$$$"""{"query":{"terms":{"ContentItemId":["{{{{{Koursk}}}}}","nope"]}}}""")));
        Assert.Contains(Koursk, ItemIds(await ItemsAsync("""{"query":{"match_phrase":{"Content.ContentItem.FullText":"soldats nord-coréens"}}}""")));
        Assert.Contains(Koursk, ItemIds(await ItemsAsync("""{"query":{"wildcard":{"Content.ContentItem.FullText":"kour*"}}}""")));
        Assert.Contains(Koursk, ItemIds(await ItemsAsync("""{"query":{"prefix":{"Content.ContentItem.DisplayText":"kour"}}}""")));
        Assert.Equal(3, (await ItemsAsync("""{"query":{"match_all":{}},"size":3}""")).Count);

        var boolean = await ItemsAsync($$$$$"""
        {"query":{"bool":{
          "must":[{"match":{"Content.ContentItem.FullText":"koursk"}}],
          "filter":{"term":{"Content.ContentItem.ContentType":"Article"}},
          "should":[{"match":{"Content.ContentItem.DisplayText":"soldats"}}],
          "must_not":[{"term":{"ContentItemId":"{{{{{Koursk}}}}}"}}]}}}
        """);
        Assert.DoesNotContain(Koursk, ItemIds(boolean));
        Assert.All(boolean, i => Assert.Equal("Article", i!["ContentType"]!.GetValue<string>()));
    }

    [Fact]
    public async Task From_and_size_page_the_items()
    {
        await WaitForSeededIndexAsync();
        var all = ItemIds(await ItemsAsync("""{"query":{"match_all":{}},"size":4}""")).ToList();
        var second = ItemIds(await ItemsAsync("""{"query":{"match_all":{}},"from":2,"size":2}""")).ToList();
        Assert.Equal(all.Skip(2), second);
    }

    [Fact]
    public async Task Post_takes_a_form_or_a_json_body()
    {
        await WaitForSeededIndexAsync();
        using var reader = Host.CreateClient();
        var form = await reader.PostAsync("/api/lucene/content", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["indexName"] = "articles",
            ["query"] = """{"query":{"match":{"Content.ContentItem.FullText":"koursk"}}}""",
        }));
        Assert.Contains(Koursk, ItemIds(JsonNode.Parse(await form.Content.ReadAsStringAsync())!.AsArray()));
        var json = await reader.PostAsJsonAsync("/api/lucene/content",
            new { indexName = "articles", query = new { query = new { match = new Dictionary<string, string> { ["Content.ContentItem.FullText"] = "koursk" } } } });
        Assert.Contains(Koursk, ItemIds(JsonNode.Parse(await json.Content.ReadAsStringAsync())!.AsArray()));
    }

    [Fact]
    public async Task Drafts_never_come_back_from_the_published_index()
    {
        var word = UniqueWord();
        using var editor = await Host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(editor.Client, "culture");
        var draft = (await Articles.CreateAsync(editor.Client, Articles.New($"Brouillon {word}", category)))["ContentItemId"]!.GetValue<string>();
        await WaitForAsync(editor.Client, Q(word) + "&index=articles-latest", r => Ids(r).Contains(draft));

        Assert.Empty(await ItemsAsync($$$$$"""{"query":{"match":{"Content.ContentItem.FullText":"{{{{{word}}}}}"}}}"""));
        Assert.Empty(await ItemsAsync($$$$$"""{"query":{"term":{"Content.ContentItem.Published":"false"}}}"""));
        var latest = await ItemsAsync($$$$$"""{"query":{"match":{"Content.ContentItem.FullText":"{{{{{word}}}}}"}}}""", "articles-latest", editor.Client);
        Assert.Equal([draft], ItemIds(latest));
    }

    [Fact]
    public async Task Anonymous_callers_cannot_query_the_latest_index()
    {
        using var reader = Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(reader, """{"query":{"match_all":{}}}""", "articles-latest")).StatusCode);
    }

    [Theory]
    [InlineData("""{"query":{"fuzzy":{"Content.ContentItem.FullText":"kursk"}}}""", "query.fuzzy")]
    [InlineData("""{"query":{"bool":{"must":[{"nope":{}}]}}}""", "query.bool.must[0].nope")]
    [InlineData("""{"query":{"bool":{"sometimes":[]}}}""", "query.bool.sometimes")]
    [InlineData("""{"query":{"term":{"a":"b","c":"d"}}}""", "query.term")]
    [InlineData("""{"query":{"terms":{"ContentItemId":"x"}}}""", "query.terms.ContentItemId")]
    [InlineData("""{"query":{"match":{"Content.ContentItem.FullText":{"operator":"and"}}}}""", "query.match.query")]
    [InlineData("""{"query":{"match_all":{}},"size":100000}""", "size")]
    [InlineData("""{"query":{"match_all":{}},"from":-1}""", "from")]
    [InlineData("""{"query":"koursk"}""", "query")]
    [InlineData("""{"query":{}}""", "query")]
    [InlineData("""not json""", "query")]
    [InlineData("""{"query":{"match_all":{}},"sort":{"Content.ContentItem.CreatedUtc":"desc"}}""", "sort.Content.ContentItem.CreatedUtc")]
    [InlineData("""{"query":{"match_all":{}},"sort":[{"_score":{"order":"sideways"}}]}""", "sort[0]._score")]
    public async Task Bad_dsl_is_a_bad_request_naming_the_element(string dsl, string element)
    {
        using var reader = Host.CreateClient();
        var response = await GetAsync(reader, dsl);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Articles.ReadAsync(response);
        Assert.NotNull(problem["errors"]![element]);
    }

    [Fact]
    public async Task Sort_by_publication_date_orders_newest_first_or_oldest_first()
    {
        var word = UniqueWord();
        using var admin = await Host.AdminClientAsync();
        var older = await PublishedArticleAsync(Host, admin, $"Premier {word}", "<p>Un texte.</p>");
        await Task.Delay(20);
        var newer = await PublishedArticleAsync(Host, admin, $"Second {word}", $"<p>{word} {word} {word}, le plus pertinent.</p>");
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Count == 2);
        var match = $$$"""{"match":{"Content.ContentItem.FullText":"{{{word}}}"}}""";

        Assert.Equal([newer, older], ItemIds(await ItemsAsync($$$"""{"query":{{{match}}},"sort":{"Content.ContentItem.PublishedUtc":"desc"}}""")));
        Assert.Equal([older, newer], ItemIds(await ItemsAsync($$$"""{"query":{{{match}}},"sort":[{"Content.ContentItem.PublishedUtc":{"order":"asc"}}]}""")));
        Assert.Equal([newer, older], ItemIds(await ItemsAsync($$$"""{"query":{{{match}}},"sort":"Content.ContentItem.PublishedUtc"}""")));
    }

    [Fact]
    public async Task An_unknown_index_is_a_bad_request_naming_indexName()
    {
        using var reader = Host.CreateClient();
        var response = await GetAsync(reader, """{"query":{"match_all":{}}}""", "nope");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(response))["errors"]!["indexName"]);
    }
}
