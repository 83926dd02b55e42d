using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Search;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Recipes;

/// <summary>
/// The site as an Orchard Core recipe, written as it is read: the content definitions, the roles and their permissions,
/// the search indexes, then the taxonomies and every other item as <c>Content</c> steps (each item's latest version and,
/// when another one is live, its published version first), in the shape <see cref="RecipeRunner"/> runs back. Items are
/// streamed from one query, so a large site never sits in memory, and they are as that query's snapshot saw them.
/// Users are not exported (Orchard's recipes carry none, and passwords never leave the site): items keep their
/// <c>Owner</c> (a user id) and <c>Author</c> (a user name) as they are.
/// </summary>
public sealed class RecipeExport(CmsDbContext db, TimeProvider clock)
{
    private const int FlushThreshold = 64 * 1024;

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(output, ContentItemJson.WriterOptions with { Indented = true });
        var now = clock.GetUtcNow().UtcDateTime;
        writer.WriteStartObject();
        writer.WriteString("name", "export");
        writer.WriteString("displayName", "Export du site");
        writer.WriteString("description", $"The whole site, exported on {now:yyyy-MM-dd HH:mm:ss} UTC.");
        writer.WriteString("author", "");
        writer.WriteString("website", "");
        writer.WriteString("version", now.ToString("yyyyMMdd.HHmmss"));
        // Run on an empty database, it sets the site up, as Orchard's "export as a setup recipe" does.
        writer.WriteBoolean("issetuprecipe", true);
        writer.WriteStartArray("categories");
        writer.WriteEndArray();
        writer.WriteStartArray("tags");
        writer.WriteEndArray();
        writer.WriteStartArray("steps");

        // From the database, not this node's memory: the export command runs in a host that never loaded them.
        var stored = await StoredDocuments.ReadAsync(db, ContentDefinitionStore.DocumentName, cancellationToken);
        var set = stored is null ? ContentDefinitionSet.Empty : ContentDefinitionReader.ReadStored((JsonObject)JsonNode.Parse(stored)!);
        WriteDefinitions(writer, set);
        await WriteRolesAsync(writer, cancellationToken);
        await WriteSearchIndexesAsync(writer, cancellationToken);
        await WriteContentAsync(writer, set, cancellationToken);

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private static void WriteDefinitions(Utf8JsonWriter writer, ContentDefinitionSet set)
    {
        writer.WriteStartObject();
        writer.WriteString("name", "ContentDefinition");
        foreach (var (name, value) in ContentDefinitionReader.Write(set))
        {
            writer.WritePropertyName(name);
            value!.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    private async Task WriteRolesAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var rows = await (from role in db.Roles
                          join claim in db.RoleClaims.Where(c => c.ClaimType == Permissions.ClaimType) on role.Id equals claim.RoleId into claims
                          from claim in claims.DefaultIfEmpty()
                          select new { role.Name, Permission = claim.ClaimValue }).AsNoTracking().ToListAsync(cancellationToken);
        writer.WriteStartObject();
        writer.WriteString("name", "Roles");
        writer.WriteStartArray("Roles");
        foreach (var role in rows.GroupBy(r => r.Name!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("Name", role.Key);
            writer.WriteString("Description", role.Key);
            writer.WriteStartArray("Permissions");
            foreach (var permission in role.Select(r => r.Permission).OfType<string>().Distinct().Order(StringComparer.Ordinal)) writer.WriteStringValue(permission);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private async Task WriteSearchIndexesAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var indexes = await SearchIndexDefinitions.LoadAsync(db, cancellationToken);
        if (indexes.Count == 0) return;
        writer.WriteStartObject();
        writer.WriteString("name", "lucene-index");
        writer.WriteStartArray("Indices");
        foreach (var index in indexes)
        {
            writer.WriteStartObject();
            writer.WriteStartObject(index.Name);
            writer.WriteString("AnalyzerName", index.AnalyzerName);
            writer.WriteBoolean("IndexLatest", index.IndexLatest);
            writer.WriteStartArray("IndexedContentTypes");
            foreach (var type in index.IndexedContentTypes) writer.WriteStringValue(type);
            writer.WriteEndArray();
            if (index.Culture is { } culture) writer.WriteString("Culture", culture);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Taxonomies in a first step (the items name their terms), every other item in a second, oldest first; an item's
    /// published version before its newer latest one, which the runner adds on top.
    /// </summary>
    private async Task WriteContentAsync(Utf8JsonWriter writer, ContentDefinitionSet set, CancellationToken cancellationToken)
    {
        var taxonomyTypes = set.Types.Values.Where(t => t.HasPart("TaxonomyPart")).Select(t => t.Name).ToList();
        var rows = db.ContentItemVersions.AsNoTracking()
            .Where(v => v.Latest || v.Published)
            .OrderBy(v => taxonomyTypes.Contains(v.ContentType) ? 0 : 1)
            .ThenBy(v => v.CreatedUtc).ThenBy(v => v.ContentItemId).ThenBy(v => v.Latest)
            .Select(v => new { v.ContentType, v.Json })
            .AsAsyncEnumerable();
        bool? inTaxonomies = null;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var taxonomy = taxonomyTypes.Contains(row.ContentType);
            if (inTaxonomies != taxonomy)
            {
                if (inTaxonomies is not null) EndContentStep(writer);
                StartContentStep(writer);
                inTaxonomies = taxonomy;
            }
            // The stored document is the item in Orchard's shape already, written by ContentItemJson.
            writer.WriteRawValue(row.Json, skipInputValidation: true);
            if (writer.BytesPending > FlushThreshold) await writer.FlushAsync(cancellationToken);
        }
        if (inTaxonomies is not null) EndContentStep(writer);
    }

    private static void StartContentStep(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", "content");
        writer.WriteStartArray("Data");
    }

    private static void EndContentStep(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
