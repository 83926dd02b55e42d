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

    [Fact]
    public async Task A_question_asked_again_and_at_once_is_answered_the_same_and_sees_a_new_article()
    {
        // The parsed question is remembered and shared by searches on every thread: phrases, prefixes and exclusions
        // must answer the same each time, and a question remembered before an article is published must find it after.
        await using var host = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:Search:ResultCache:Enabled"] = "false" });
        using var admin = await host.AdminClientAsync();
        var word = UniqueWord();
        var first = await PublishedArticleAsync(host, admin, $"Vendanges {word} tardives", $"<p>La récolte {word} tardive commence à l’aube.</p>");
        var other = await PublishedArticleAsync(host, admin, $"Moissons {word}", $"<p>Les moissons {word} sont finies.</p>");
        using var reader = host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Count == 2);
        string[] questions = [$"\"récolte {word}\"", $"{word[..5]}*", $"{word} -moissons"];

        foreach (var question in questions)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => SearchAsync(reader, Q(question))));
            foreach (var answer in answers) Assert.Equal(Ids(answers[0]), Ids(answer));
        }
        Assert.Equal([first], Ids(await SearchAsync(reader, Q(questions[0]))));
        Assert.Equal([first], Ids(await SearchAsync(reader, Q(questions[2]))));
        Assert.Equal(2, Ids(await SearchAsync(reader, Q(questions[1]))).Count);

        var third = await PublishedArticleAsync(host, admin, $"Vendanges {word} encore", $"<p>Une autre récolte {word} ici.</p>");
        await WaitForAsync(reader, Q(questions[0]), r => Ids(r).Contains(third));
        Assert.Equal(3, Ids(await SearchAsync(reader, Q(questions[1]))).Count);
        Assert.DoesNotContain(other, Ids(await SearchAsync(reader, Q(questions[2]))));
    }
}
