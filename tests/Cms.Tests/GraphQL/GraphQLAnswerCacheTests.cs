using System.Text.Json.Nodes;
using Cms.Tests.Support;
using static Cms.Tests.GraphQL.GraphQLClient;

namespace Cms.Tests.GraphQL;

/// <summary>
/// An anonymous read is kept for the next identical request, and forgotten as soon as readers could see a change;
/// what depends on the caller (a bearer token) is never kept.
/// </summary>
[Collection(GraphQLCollection.Name)]
public sealed class GraphQLAnswerCacheTests(GraphQLHost fixture)
{
    private CmsHost Cms => fixture.Cms;

    [Fact]
    public async Task An_anonymous_read_is_answered_again_without_the_database_until_a_publication_changes_it()
    {
        using var admin = await Cms.AdminClientAsync();
        var marker = Enquetes.Marker();
        await Enquetes.PublishedAsync(admin, Enquetes.New($"{marker} premier"));
        var query = $$"""{ enquete(where: {displayText_starts_with: "{{marker}}"}, orderBy: {displayText: ASC}) { displayText } }""";
        using var reader = Cms.CreateClient();

        var (first, firstCommands) = await CountedAsync(reader, query, "first " + marker);
        var (again, againCommands) = await CountedAsync(reader, query, "again " + marker);

        Assert.NotEmpty(firstCommands);
        Assert.Empty(againCommands);
        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal([$"{marker} premier"], Strings(DataOf(again)["enquete"], "displayText"));

        await Enquetes.PublishedAsync(admin, Enquetes.New($"{marker} second"));
        var (after, afterCommands) = await CountedAsync(reader, query, "after " + marker);

        Assert.NotEmpty(afterCommands);
        Assert.Equal([$"{marker} premier", $"{marker} second"], Strings(DataOf(after)["enquete"], "displayText"));
    }

    [Fact]
    public async Task A_read_with_a_bearer_token_runs_every_time()
    {
        using var editor = await Cms.CreateUserAsync("Editor");
        var marker = Enquetes.Marker();
        await Enquetes.DraftAsync(editor.Client, Enquetes.New($"{marker} brouillon"));
        var query = $$"""{ enquete(where: {displayText_starts_with: "{{marker}}"}, status: LATEST) { displayText } }""";

        var (first, firstCommands) = await CountedAsync(editor.Client, query, "first " + marker);
        var (again, againCommands) = await CountedAsync(editor.Client, query, "again " + marker);

        Assert.Equal("Bearer", editor.Client.DefaultRequestHeaders.Authorization?.Scheme);
        Assert.Equal([$"{marker} brouillon"], Strings(DataOf(first)["enquete"], "displayText"));
        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.NotEmpty(firstCommands);
        Assert.NotEmpty(againCommands);
    }

    private async Task<(JsonObject Answer, IReadOnlyList<string> Commands)> CountedAsync(HttpClient client, string query, string tag)
    {
        var answer = await PostAsync(client, query, headers: new Dictionary<string, string> { [CommandCounter.Header] = tag });
        return (answer, fixture.Commands.Of(tag));
    }
}
