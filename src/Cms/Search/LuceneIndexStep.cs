using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Changes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Recipes;

namespace Cms.Search;

/// <summary>
/// Orchard's <c>lucene-index</c> step: <c>{"name":"lucene-index","Indices":[{"articles":{"AnalyzerName":"frenchanalyzer",
/// "IndexLatest":false,"IndexedContentTypes":["Article"],"Culture":"fr"}}]}</c>. Running it again replaces the definitions.
/// </summary>
public sealed partial class LuceneIndexStep(CmsDbContext db, ContentDefinitionStore definitions, ContentLifecycle lifecycle, TimeProvider clock) : IRecipeStep
{
    public string Name => "lucene-index";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        if (context.Step["Indices"] is not JsonArray indices) throw new RecipeException($"{context.Where}: 'Indices' must be an array.");
        var parsed = new List<SearchIndexDefinition>();
        foreach (var entry in indices)
        {
            if (entry is not JsonObject byName) throw new RecipeException($"{context.Where}: each element of 'Indices' is an object keyed by the index name.");
            foreach (var (name, value) in byName) parsed.Add(Parse(context, name, value));
        }
        await SearchIndexDefinitions.SaveAsync(db, parsed, clock.GetUtcNow().UtcDateTime);
        lifecycle.Record(ChangeEvents.DefinitionsChanged, context.RunAs,
            new JsonObject { ["indexes"] = new JsonArray(parsed.Select(d => (JsonNode)d.Name).ToArray()) });
    }

    private SearchIndexDefinition Parse(RecipeStepContext context, string name, JsonNode? value)
    {
        var where = $"{context.Where}, index '{name}'";
        if (!IndexName().IsMatch(name)) throw new RecipeException($"{where}: an index name is letters, digits, '-' and '_' (at most 64).");
        if (value is not JsonObject settings) throw new RecipeException($"{where}: the settings must be an object.");

        var analyzer = Text(settings, "AnalyzerName") ?? SearchAnalyzers.Standard;
        if (!SearchAnalyzers.IsKnown(analyzer))
        {
            throw new RecipeException($"{where}: unknown analyzer '{analyzer}'. Known analyzers: {string.Join(", ", SearchAnalyzers.Names)}.");
        }
        var types = SearchIndexDefinitions.Get(settings, "IndexedContentTypes") as JsonArray;
        var typeNames = (types ?? []).Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).ToList();
        if (typeNames.Count == 0 || typeNames.Any(t => t is null)) throw new RecipeException($"{where}: 'IndexedContentTypes' must list content type names.");
        foreach (var type in typeNames)
        {
            if (definitions.Current.FindType(type!) is null) throw new RecipeException($"{where}: unknown content type '{type}' in 'IndexedContentTypes'.");
        }
        var latest = SearchIndexDefinitions.Get(settings, "IndexLatest") switch
        {
            null => false,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            _ => throw new RecipeException($"{where}: 'IndexLatest' must be true or false."),
        };
        return new SearchIndexDefinition(name, analyzer.ToLowerInvariant(), latest, typeNames!, Text(settings, "Culture"));
    }

    private static string? Text(JsonObject settings, string name) =>
        SearchIndexDefinitions.Get(settings, name) is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IndexName();
}
