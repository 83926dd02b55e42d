using System.Text.Json.Nodes;
using Cms.Data;

namespace Cms.Content.Definitions;

/// <summary>The site's content definitions: one JSON document in the database, one immutable snapshot in memory.</summary>
public sealed class ContentDefinitionStore(TimeProvider clock)
{
    public const string DocumentName = "ContentDefinition";

    private volatile ContentDefinitionSet _current = ContentDefinitionSet.Empty;

    public ContentDefinitionSet Current => _current;

    public async Task LoadAsync(CmsDbContext db)
    {
        var json = await StoredDocuments.ReadAsync(db, DocumentName);
        _current = json is null ? ContentDefinitionSet.Empty : ContentDefinitionReader.ReadStored((JsonObject)JsonNode.Parse(json)!);
    }

    /// <summary>Stores the definitions in the current transaction and makes them current at once.</summary>
    public async Task SaveAsync(CmsDbContext db, ContentDefinitionSet definitions)
    {
        await StoredDocuments.PutAsync(db, DocumentName, ContentDefinitionReader.Write(definitions).ToJsonString(), clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        _current = definitions;
    }
}
