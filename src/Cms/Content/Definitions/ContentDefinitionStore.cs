using System.Text.Json.Nodes;
using Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Cms.Content.Definitions;

/// <summary>The site's content definitions: one JSON document in the database, one immutable snapshot in memory.</summary>
public sealed class ContentDefinitionStore(TimeProvider clock)
{
    public const string DocumentName = "ContentDefinition";

    private volatile ContentDefinitionSet _current = ContentDefinitionSet.Empty;

    public ContentDefinitionSet Current => _current;

    public async Task LoadAsync(CmsDbContext db)
    {
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Name == DocumentName);
        if (document is null)
        {
            _current = ContentDefinitionSet.Empty;
            return;
        }
        _current = ContentDefinitionReader.ReadStored((JsonObject)JsonNode.Parse(document.Json)!);
    }

    /// <summary>Stores the definitions in the current transaction and makes them current at once.</summary>
    public async Task SaveAsync(CmsDbContext db, ContentDefinitionSet definitions)
    {
        var json = ContentDefinitionReader.Write(definitions).ToJsonString();
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Name == DocumentName);
        if (document is null) db.Documents.Add(new StoredDocument { Name = DocumentName, Json = json, ModifiedUtc = clock.GetUtcNow().UtcDateTime });
        else
        {
            document.Json = json;
            document.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync();
        _current = definitions;
    }
}
