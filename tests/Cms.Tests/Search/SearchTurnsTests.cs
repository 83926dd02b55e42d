using System.Text.Json.Nodes;
using Cms.Tests.Support;
using static Cms.Tests.Search.SearchClient;

namespace Cms.Tests.Search;

/// <summary>
/// Searches take turns (<c>Cms:Search:MaxConcurrentSearches</c>): with one turn and the result cache off, many readers
/// searching at once all get their full answer, snippet included (the body is read from the index's doc values).
/// </summary>
public sealed class SearchTurnsTests
{
    [Fact]
    public async Task Readers_searching_at_once_with_one_turn_all_get_their_answer_and_snippet()
    {
        await using var host = await CmsHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Cms:Search:MaxConcurrentSearches"] = "1",
            ["Cms:Search:ResultCache:Enabled"] = "false",
        });
        using var admin = await host.AdminClientAsync();
        var word = UniqueWord();
        var id = await PublishedArticleAsync(host, admin, $"Vendanges {word}", $"<p>Au domaine, la récolte {word} commence à l’aube.</p>");
        using var reader = host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Contains(id));

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => SearchAsync(reader, Q(word))));

        foreach (var answer in answers)
        {
            Assert.Equal([id], Ids(answer));
            var snippet = answer["items"]![0]!["snippet"]!.GetValue<string>();
            Assert.Contains($"<mark>{word}</mark>", snippet);
            Assert.Contains("récolte", snippet);
        }
    }
}
