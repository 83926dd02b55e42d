using System.Text.Json.Nodes;
using Cms.Tests.Support;
using static Cms.Tests.GraphQL.GraphQLClient;

namespace Cms.Tests.GraphQL;

/// <summary>
/// A list field's where (every operator on the indexed columns, AND/OR/NOT), orderBy, first and skip, as Orchard Core
/// names them. Each test filters on a title prefix of its own, so it sees only the items it made.
/// </summary>
[Collection(GraphQLCollection.Name)]
public sealed class GraphQLFilterTests(GraphQLHost fixture)
{
    private CmsHost Cms => fixture.Cms;

    private sealed record Items(string Marker, string Alpha, string Beta, string Gamma, string Draft);

    [Fact]
    public async Task Text_columns_filter_by_value_difference_list_contained_text_and_prefix()
    {
        var items = await MakeItemsAsync();
        var m = items.Marker;
        using var reader = Cms.CreateClient();
        var beta = DataOf(await PostAsync(reader, $$"""{ enquete(where: {contentItemId: "{{items.Beta}}"}) { owner autoroutePart { path } } }"""))["enquete"]![0]!;
        var owner = beta["owner"]!.GetValue<string>();
        var path = beta["autoroutePart"]!["path"]!.GetValue<string>();

        Assert.Equal(["Beta"], await TitlesAsync(reader, m, $$"""displayText: "{{m}} Beta" """));
        Assert.Equal(["Alpha", "Gamma"], await TitlesAsync(reader, m, $$"""displayText_not: "{{m}} Beta" """));
        Assert.Equal(["Alpha", "Gamma"], await TitlesAsync(reader, m, $$"""displayText_in: ["{{m}} Alpha", "{{m}} Gamma", "autre"]"""));
        Assert.Equal(["Gamma"], await TitlesAsync(reader, m, $$"""displayText_contains: "{{m.ToLowerInvariant()}} gam" """));
        Assert.Equal(["Alpha", "Beta", "Gamma"], await TitlesAsync(reader, m, $$"""displayText_starts_with: "{{m.ToLowerInvariant()}}" """));
        Assert.Equal(["Beta"], await TitlesAsync(reader, m, $$"""contentItemId: "{{items.Beta}}" """));
        Assert.Equal(["Alpha", "Beta"], await TitlesAsync(reader, m, $$"""contentItemId_in: ["{{items.Alpha}}", "{{items.Beta}}"]"""));
        Assert.Equal(["Beta"], await TitlesAsync(reader, m, $$"""path: "{{path}}" """));
        Assert.Equal(["Beta"], await TitlesAsync(reader, m, $$"""path_contains: "-beta" """));
        Assert.Equal(["Alpha", "Beta", "Gamma"], await TitlesAsync(reader, m, $$"""owner: "{{owner}}", author: "admin", contentType: "Enquete" """));
        Assert.Empty(await TitlesAsync(reader, m, "contentType_not: \"Enquete\""));
        Assert.Empty(await TitlesAsync(reader, m, "author_starts_with: \"nobody\""));
    }

    [Fact]
    public async Task Values_are_parameters_and_wildcards_are_matched_as_text()
    {
        var items = await MakeItemsAsync();
        using var reader = Cms.CreateClient();

        Assert.Empty(await TitlesAsync(reader, items.Marker, "displayText_contains: \"%\""));
        Assert.Empty(await TitlesAsync(reader, items.Marker, "displayText_contains: \"_\""));
        Assert.Empty(await TitlesAsync(reader, items.Marker, "displayText: \"' OR 1=1 --\""));
        Assert.Equal(["Alpha", "Beta", "Gamma"], await TitlesAsync(reader, items.Marker, "displayText_not: \"' OR 1=1 --\""));
    }

    [Fact]
    public async Task Date_columns_compare_before_after_and_at_a_value_and_null_finds_items_never_published()
    {
        var items = await MakeItemsAsync();
        var m = items.Marker;
        using var reader = Cms.CreateClient();
        var dates = DataOf(await PostAsync(reader, $$"""{ enquete(where: {displayText_starts_with: "{{m}}"}, orderBy: {publishedUtc: ASC}) { publishedUtc } }"""))["enquete"]!
            .AsArray().Select(i => i!["publishedUtc"]!.GetValue<DateTime>().ToUniversalTime()).ToList();
        var between = dates[0] + (dates[1] - dates[0]) / 2;
        string At(DateTime date) => date.ToString("O");

        Assert.Equal(["Beta", "Gamma"], await TitlesAsync(reader, m, $"publishedUtc_gt: \"{At(between)}\""));
        Assert.Equal(["Alpha"], await TitlesAsync(reader, m, $"publishedUtc_lt: \"{At(between)}\""));
        Assert.Equal(["Beta"], await TitlesAsync(reader, m, $"publishedUtc: \"{At(dates[1])}\""));
        Assert.Equal(["Alpha", "Gamma"], await TitlesAsync(reader, m, $"publishedUtc_not: \"{At(dates[1])}\""));
        Assert.Equal(["Beta", "Gamma"], await TitlesAsync(reader, m, $"publishedUtc_gte: \"{At(dates[1])}\""));
        Assert.Equal(["Alpha", "Beta"], await TitlesAsync(reader, m, $"publishedUtc_lte: \"{At(dates[1])}\""));
        Assert.Equal(["Alpha", "Beta", "Gamma"], await TitlesAsync(reader, m, $"createdUtc_lt: \"{At(DateTime.UtcNow.AddMinutes(5))}\", modifiedUtc_gt: \"{At(dates[0].AddDays(-1))}\""));

        using var admin = await Cms.AdminClientAsync();
        Assert.Equal(["Draft"], await TitlesAsync(admin, m, "publishedUtc: null", "LATEST"));
        Assert.Equal(["Alpha", "Beta", "Gamma"], await TitlesAsync(admin, m, "publishedUtc_not: null", "LATEST"));
    }

    [Fact]
    public async Task Filters_combine_with_AND_OR_and_NOT_lists()
    {
        var items = await MakeItemsAsync();
        var m = items.Marker;
        using var reader = Cms.CreateClient();

        Assert.Equal(["Alpha"], await TitlesAsync(reader, m, """AND: [{displayText_contains: "alp"}, {displayText_contains: "ha"}]"""));
        Assert.Equal(["Alpha", "Gamma"], await TitlesAsync(reader, m, $$"""OR: [{displayText: "{{m}} Alpha"}, {displayText: "{{m}} Gamma"}]"""));
        Assert.Equal(["Beta"], await TitlesAsync(reader, m, $$"""NOT: [{displayText: "{{m}} Alpha"}, {displayText: "{{m}} Gamma"}]"""));
        Assert.Equal(["Gamma"], await TitlesAsync(reader, m,
            $$"""OR: [{displayText: "{{m}} Alpha", NOT: [{displayText_contains: "alpha"}]}, {AND: [{displayText_contains: "gamma"}], NOT: []}]"""));
    }

    [Fact]
    public async Task Lists_are_ordered_as_asked_and_paged_with_first_and_skip()
    {
        var items = await MakeItemsAsync();
        var m = items.Marker;
        using var reader = Cms.CreateClient();

        Assert.Equal(["Gamma", "Beta", "Alpha"], await TitlesAsync(reader, m, "", orderBy: ""));
        Assert.Equal(["Alpha", "Beta", "Gamma"], await TitlesAsync(reader, m, "", orderBy: "{publishedUtc: ASC}"));
        Assert.Equal(["Gamma", "Beta", "Alpha"], await TitlesAsync(reader, m, "", orderBy: "{displayText: DESC}"));
        Assert.Equal(["Alpha", "Beta", "Gamma"], await TitlesAsync(reader, m, "", orderBy: "{createdUtc: ASC, displayText: DESC}"));
        Assert.Equal(["Beta", "Gamma"], await TitlesAsync(reader, m, "", orderBy: "{displayText: ASC}", paging: "first: 2, skip: 1"));
        Assert.Equal(["Gamma"], await TitlesAsync(reader, m, "", orderBy: "{modifiedUtc: DESC}", paging: "first: 1"));
        Assert.Empty(await TitlesAsync(reader, m, "", paging: "first: 0"));
        Assert.Equal(["Beta"], await TitlesAsync(reader, m, "", orderBy: "", paging: "first: 1, skip: 1"));
    }

    [Fact]
    public async Task A_where_argument_may_come_in_a_variable()
    {
        var items = await MakeItemsAsync();
        using var reader = Cms.CreateClient();

        var answer = await PostAsync(reader, "query($w: EnqueteWhereInput, $n: Int) { enquete(where: $w, first: $n) { contentItemId } }",
            new { w = new { displayText_starts_with = items.Marker, NOT = new[] { new { contentItemId = items.Alpha } } }, n = 1 });

        Assert.Equal([items.Gamma], Strings(DataOf(answer)["enquete"], "contentItemId"));
    }

    /// <summary>Alpha, Beta and Gamma published in that order, and a draft never published, all titled with a prefix of the test's own.</summary>
    private async Task<Items> MakeItemsAsync()
    {
        using var admin = await Cms.AdminClientAsync();
        var marker = Enquetes.Marker();
        var alpha = await Enquetes.PublishedAsync(admin, Enquetes.New($"{marker} Alpha"));
        var beta = await Enquetes.PublishedAsync(admin, Enquetes.New($"{marker} Beta"));
        var gamma = await Enquetes.PublishedAsync(admin, Enquetes.New($"{marker} Gamma"));
        var draft = await Enquetes.DraftAsync(admin, Enquetes.New($"{marker} Draft"));
        return new Items(marker, alpha, beta, gamma, draft);
    }

    /// <summary>The titles (without the prefix) of the test's items that match, in the answer's order (by title unless told; "" is the default order).</summary>
    private static async Task<IReadOnlyList<string>> TitlesAsync(HttpClient client, string marker, string where, string status = "PUBLISHED",
        string orderBy = "{displayText: ASC}", string? paging = null)
    {
        var arguments = $"where: {{AND: [{{displayText_starts_with: \"{marker}\"}}, {{{where}}}]}}, status: {status}"
            + (orderBy.Length == 0 ? "" : $", orderBy: {orderBy}") + (paging is null ? "" : $", {paging}");
        var answer = await PostAsync(client, $"{{ enquete({arguments}) {{ displayText }} }}");
        return Strings(DataOf(answer)["enquete"], "displayText").Select(t => t[(marker.Length + 1)..]).ToList();
    }
}
