using System.Text.Json.Nodes;
using Cms.Tests.Support;
using static Cms.Tests.GraphQL.GraphQLClient;

namespace Cms.Tests.GraphQL;

/// <summary>Nested terms, picked items and media focal points are loaded in batches: a page of 20 costs the queries of a page of 2.</summary>
[Collection(GraphQLCollection.Name)]
public sealed class GraphQLBatchingTests(GraphQLHost fixture)
{
    private CmsHost Cms => fixture.Cms;

    [Fact]
    public async Task A_page_of_twenty_items_with_terms_picked_items_and_signed_media_runs_as_many_commands_as_a_page_of_two()
    {
        using var admin = await Cms.AdminClientAsync();
        var marker = Enquetes.Marker();
        var culture = await Articles.CategoryIdAsync(admin, "culture");
        var sport = await Articles.CategoryIdAsync(admin, "sport");
        var picked = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            // Each item picks the two made before it, and has a term and an image of its own.
            var fields = new JsonObject
            {
                ["Rubrique"] = new JsonObject { ["TermContentItemIds"] = new JsonArray(i % 2 == 0 ? culture : sport) },
                ["Illustration"] = new JsonObject { ["Paths"] = new JsonArray($"lot/{marker}-{i}.jpg"), ["MediaTexts"] = new JsonArray("") },
                ["Liens"] = new JsonObject { ["ContentItemIds"] = new JsonArray(picked.TakeLast(2).Select(id => (JsonNode)id).ToArray()) },
            };
            picked.Add(await Enquetes.PublishedAsync(admin, Enquetes.New($"{marker} {i:00}", fields)));
        }
        string Query(int first) => $$"""
            { enquete(where: {displayText_starts_with: "{{marker}}"}, first: {{first}}) {
                displayText
                rubrique { termContentItems { slug } }
                illustration { urls(width: 333, height: 111) }
                liens { contentItems { contentItemId ... on Enquete { rubrique { termContentItems { slug } } liens { contentItemIds } } } } } }
            """;
        using var reader = Cms.CreateClient();
        // Another page size: the same text again would be answered from the answer cache, with no command at all.
        await CountedAsync(reader, Query(3), "warm-up " + marker);

        var (two, twoCommands) = await CountedAsync(reader, Query(2), "two " + marker);
        var (twenty, twentyCommands) = await CountedAsync(reader, Query(20), "twenty " + marker);

        Assert.Equal(2, DataOf(two)["enquete"]!.AsArray().Count);
        var items = DataOf(twenty)["enquete"]!.AsArray();
        Assert.Equal(20, items.Count);
        Assert.Equal(2, items[0]!["liens"]!["contentItems"]!.AsArray().Count);
        Assert.Contains("&token=", items[0]!["illustration"]!["urls"]![0]!.GetValue<string>());
        Assert.All(items, i => Assert.Single(i!["rubrique"]!["termContentItems"]!.AsArray()));
        Assert.NotEmpty(twoCommands);
        Assert.True(twoCommands.Count == twentyCommands.Count,
            $"A page of 2 ran {twoCommands.Count} commands, a page of 20 ran {twentyCommands.Count}:\n" + string.Join("\n---\n", twentyCommands));
    }

    private async Task<(JsonObject Answer, IReadOnlyList<string> Commands)> CountedAsync(HttpClient client, string query, string tag)
    {
        var answer = await PostAsync(client, query, headers: new Dictionary<string, string> { [CommandCounter.Header] = tag });
        return (answer, fixture.Commands.Of(tag));
    }
}
