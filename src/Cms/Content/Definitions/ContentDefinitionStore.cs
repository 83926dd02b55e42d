using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Data;

namespace Cms.Content.Definitions;

/// <summary>
/// The site's content definitions: one JSON document in the database, one immutable snapshot in memory on each node,
/// read again when the change feed says another node (or a recipe here) changed them.
/// </summary>
public sealed class ContentDefinitionStore(IServiceScopeFactory scopes, TimeProvider clock) : IChangeFeedListener
{
    public const string DocumentName = "ContentDefinition";

    private volatile ContentDefinitionSet _current = ContentDefinitionSet.Empty;

    public ContentDefinitionSet Current => _current;

    public async Task LoadAsync(CmsDbContext db)
    {
        var json = await StoredDocuments.ReadAsync(db, DocumentName);
        _current = json is null ? ContentDefinitionSet.Empty : ContentDefinitionReader.ReadStored((JsonObject)JsonNode.Parse(json)!);
    }

    /// <summary>Stores the definitions in the current transaction and makes them current at once (a recipe's later steps use them).</summary>
    public async Task SaveAsync(CmsDbContext db, ContentDefinitionSet definitions)
    {
        await StoredDocuments.PutAsync(db, DocumentName, ContentDefinitionReader.Write(definitions).ToJsonString(), clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        _current = definitions;
    }

    public async ValueTask ApplyAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Any(e => e.Event == ChangeEvents.DefinitionsChanged)) await ReloadAsync();
    }

    public async ValueTask ResetAsync(CancellationToken cancellationToken) => await ReloadAsync();

    private async Task ReloadAsync()
    {
        using var scope = scopes.CreateScope();
        await LoadAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>());
    }
}
