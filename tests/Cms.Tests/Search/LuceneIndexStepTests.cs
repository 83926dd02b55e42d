using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Recipes;
using Cms.Security;
using Cms.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Cms.Tests.Search.SearchClient;

namespace Cms.Tests.Search;

public sealed class LuceneIndexStepTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    private Task RunAsync(string json) =>
        Host.Services.GetRequiredService<RecipeRunner>().RunAsync(Recipe.Read("search.recipe.json", json), Actor.System, null);

    [Fact]
    public async Task An_index_declared_in_a_recipe_is_built_from_existing_content_and_uses_its_analyzer()
    {
        var name = "english-" + Guid.NewGuid().ToString("n")[..6];
        using var admin = await Host.AdminClientAsync();
        var word = UniqueWord();
        var id = await PublishedArticleAsync(Host, admin, $"Soldiers running north {word}", "<p>The soldiers' families were waiting.</p>");

        await RunAsync($$"""
        { "name": "search", "steps": [ { "name": "lucene-index", "Indices": [
          { "{{name}}": { "AnalyzerName": "englishanalyzer", "IndexLatest": false, "IndexedContentTypes": [ "Article" ], "Culture": "en" } } ] } ] }
        """);

        // The indexer sees new definitions on its next pass (at most Cms:Search:PollInterval later).
        JsonNode? index = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); index?["documentCount"] is null && DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            var list = await admin.GetFromJsonAsync<JsonObject>("/api/search/indexes");
            index = list!["indexes"]!.AsArray().SingleOrDefault(i => i!["name"]!.GetValue<string>() == name);
        }
        using var reader = Host.CreateClient();
        var (results, _) = await WaitForAsync(reader, Q($"soldier run {word}") + $"&index={name}", r => Ids(r).Contains(id));
        Assert.Contains(id, Ids(results));
        Assert.NotNull(index);
        Assert.Equal("englishanalyzer", index["analyzerName"]!.GetValue<string>());
        Assert.Equal("en", index["culture"]!.GetValue<string>());
    }

    [Fact]
    public async Task Redefining_an_index_rebuilds_it_for_the_new_definition_and_drops_the_old_generation()
    {
        var name = "changing-" + Guid.NewGuid().ToString("n")[..6];
        var word = UniqueWord();
        using var editor = await Host.CreateUserAsync("Editor");
        var category = await Articles.CategoryIdAsync(editor.Client, "sport");
        var draft = (await Articles.CreateAsync(editor.Client, Articles.New($"Brouillon {word}", category)))["ContentItemId"]!.GetValue<string>();
        string Definition(bool latest) => $$"""
        { "name": "search", "steps": [ { "name": "lucene-index", "Indices": [
          { "{{name}}": { "AnalyzerName": "frenchanalyzer", "IndexLatest": {{(latest ? "true" : "false")}}, "IndexedContentTypes": [ "Article" ] } } ] } ] }
        """;

        await RunAsync(Definition(latest: false));
        var folder = Path.Combine(Host.DataPath, "search", name);
        var first = await SingleGenerationAsync(folder);
        Assert.DoesNotContain(draft, Ids(await SearchAsync(editor.Client, Q(word) + $"&index={name}")));

        // The same index now holds the latest versions: the draft written before the change is found, from a new generation.
        await RunAsync(Definition(latest: true));
        var (latest, _) = await WaitForAsync(editor.Client, Q(word) + $"&index={name}", r => Ids(r).Contains(draft));
        Assert.Equal([draft], Ids(latest));
        var second = await SingleGenerationAsync(folder, except: first);
        Assert.NotEqual(first, second);
    }

    /// <summary>Waits until the index folder holds one generation (other than <paramref name="except"/>) and names it.</summary>
    private static async Task<string> SingleGenerationAsync(string folder, string? except = null)
    {
        string[] generations = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            generations = Directory.Exists(folder) ? Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>().ToArray() : [];
            if (generations.Length == 1 && generations[0] != except) return generations[0];
        }
        throw new Xunit.Sdk.XunitException($"{folder} holds [{string.Join(", ", generations)}], not one new generation.");
    }

    [Fact]
    public async Task An_unknown_analyzer_is_a_recipe_error_naming_the_step_and_the_index()
    {
        var error = await Assert.ThrowsAsync<RecipeException>(() => RunAsync("""
        { "name": "search", "steps": [ { "name": "lucene-index", "Indices": [
          { "broken-analyzer": { "AnalyzerName": "klingonanalyzer", "IndexedContentTypes": [ "Article" ] } } ] } ] }
        """));
        Assert.Contains("lucene-index", error.Message);
        Assert.Contains("broken-analyzer", error.Message);
        Assert.Contains("klingonanalyzer", error.Message);
    }

    [Fact]
    public async Task An_unknown_content_type_is_a_recipe_error_naming_the_index_and_the_type()
    {
        var error = await Assert.ThrowsAsync<RecipeException>(() => RunAsync("""
        { "name": "search", "steps": [ { "name": "lucene-index", "Indices": [
          { "broken-type": { "AnalyzerName": "frenchanalyzer", "IndexedContentTypes": [ "Podcast" ] } } ] } ] }
        """));
        Assert.Contains("lucene-index", error.Message);
        Assert.Contains("broken-type", error.Message);
        Assert.Contains("Podcast", error.Message);
        using var admin = await Host.AdminClientAsync();
        var list = await admin.GetFromJsonAsync<JsonObject>("/api/search/indexes");
        Assert.DoesNotContain(list!["indexes"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "broken-type");
    }

    [Fact]
    public async Task The_setup_recipe_defines_the_readers_and_the_newsroom_indexes()
    {
        using var admin = await Host.AdminClientAsync();
        var list = await admin.GetFromJsonAsync<JsonObject>("/api/search/indexes");
        var byName = list!["indexes"]!.AsArray().ToDictionary(i => i!["name"]!.GetValue<string>(), i => i!);
        Assert.False(byName["articles"]["indexLatest"]!.GetValue<bool>());
        Assert.True(byName["articles-latest"]["indexLatest"]!.GetValue<bool>());
        Assert.Equal("frenchanalyzer", byName["articles"]["analyzerName"]!.GetValue<string>());
        Assert.Equal(["Article"], byName["articles"]["indexedContentTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
    }
}
