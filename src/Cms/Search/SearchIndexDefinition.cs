using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Data;

namespace Cms.Search;

/// <summary>An index as Orchard's <c>lucene-index</c> step declares it.</summary>
public sealed record SearchIndexDefinition(string Name, string AnalyzerName, bool IndexLatest, IReadOnlyList<string> IndexedContentTypes, string? Culture)
{
    /// <summary>Whether an index built for <paramref name="other"/> holds what this definition asks for.</summary>
    public bool Matches(SearchIndexDefinition other) =>
        Name == other.Name && AnalyzerName == other.AnalyzerName && IndexLatest == other.IndexLatest && Culture == other.Culture
        && IndexedContentTypes.SequenceEqual(other.IndexedContentTypes);
}

/// <summary>Index definitions, kept as one document in the database so that every node and every restart sees the same ones.</summary>
public static class SearchIndexDefinitions
{
    public const string DocumentName = "SearchIndexes";

    public static async Task<IReadOnlyList<SearchIndexDefinition>> LoadAsync(CmsDbContext db, CancellationToken cancellationToken = default)
    {
        var json = await StoredDocuments.ReadAsync(db, DocumentName, cancellationToken);
        return json is null ? [] : JsonSerializer.Deserialize<List<SearchIndexDefinition>>(json) ?? [];
    }

    /// <summary>Adds or replaces definitions by name; call inside the caller's transaction.</summary>
    public static async Task SaveAsync(CmsDbContext db, IEnumerable<SearchIndexDefinition> definitions, DateTime now)
    {
        var byName = (await LoadAsync(db)).ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var definition in definitions) byName[definition.Name] = definition;
        await StoredDocuments.PutAsync(db, DocumentName, JsonSerializer.Serialize(byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToList()), now);
        await db.SaveChangesAsync();
    }

    internal static JsonNode? Get(JsonObject node, string name) =>
        node.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
