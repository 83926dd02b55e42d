using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Categories;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Delivery;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Content;

/// <summary>Which versions a query reads, as Orchard Core names them: published ones, drafts (latest, not published), latest ones, or every version.</summary>
public enum PublicationStatus
{
    Published,
    Draft,
    Latest,
    All,
}

/// <summary>A list of items; <c>Status</c> is a state name (null or the published state: what readers see).</summary>
public sealed record ContentListQuery(string? Type, string? Status, string? Category, string? Owner, int Page, int PageSize);

public sealed record ContentPage(IReadOnlyList<string> ItemsJson, int Total, int Page, int PageSize)
{
    public byte[] ToUtf8()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ContentItemJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var json in ItemsJson) writer.WriteRawValue(json, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteNumber("total", Total);
            writer.WriteNumber("page", Page);
            writer.WriteNumber("pageSize", PageSize);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

public sealed record VersionSummary(string ContentItemVersionId, int Number, string Status, bool Latest, bool Published, DateTime? ModifiedUtc, string? Author);

public sealed record AuditSummary(string Action, string? ContentItemVersionId, string? FromStatus, string? ToStatus, string? Comment, string? UserName, DateTime Utc);

public sealed record ContentHistory(string ContentItemId, string ContentType, IReadOnlyList<VersionSummary> Versions, IReadOnlyList<AuditSummary> Audit);

public sealed record FieldChange(string Path, string Kind, JsonNode? From, JsonNode? To);

public sealed record ContentDiff(string ContentItemId, string From, string To, IReadOnlyList<FieldChange> Changes);

/// <summary>Reads items for callers, showing each caller only what they may see.</summary>
public sealed class ContentQueries(CmsDbContext db, CategoryService categories, PublishedContent published, ContentDefinitionStore definitions)
{
    public async Task<Outcome<ContentItem>> GetLatestAsync(string contentItemId, Actor actor)
    {
        var latest = await db.ContentItemVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ContentItemId == contentItemId && v.Latest);
        if (latest is null || !ContentAccess.CanPreview(actor, latest.Owner)) return Refusal.NotFound("There is no such content item.");
        return ContentRecords.ToItem(latest);
    }

    public async Task<Outcome<ContentPage>> ListAsync(ContentListQuery query, Actor actor)
    {
        IReadOnlyList<string>? terms = null;
        if (query.Category is not null)
        {
            terms = await categories.ResolveWithDescendantsAsync(query.Category);
            if (terms is null) return Refusal.Invalid($"There is no category '{query.Category}'.", new Dictionary<string, string[]> { ["category"] = [$"Unknown category '{query.Category}'."] });
        }
        string? ownerId = null;
        if (query.Owner is not null)
        {
            // An unknown owner matches nothing (rather than everything).
            ownerId = await db.Users.Where(u => u.UserName == query.Owner || u.Id == query.Owner).Select(u => u.Id).FirstOrDefaultAsync() ?? "";
        }
        var skip = (query.Page - 1) * query.PageSize;
        if (query.Status is null || definitions.Current.PublishedStates.Contains(query.Status))
        {
            var filter = new PublishedFilter(query.Type is null ? null : [query.Type], OwnerId: ownerId) { AnyTermIds = terms };
            return new ContentPage(await published.NewestJsonAsync(filter, skip, query.PageSize), await published.CountAsync(filter), query.Page, query.PageSize);
        }

        var status = query.Status;
        var versions = db.ContentItemVersions.AsNoTracking().Where(v => v.Latest && v.Status == status);
        // Unpublished work is for its owner, unless the caller may preview everything.
        if (!actor.Has(Permissions.PreviewContent))
        {
            var self = actor.UserId ?? "";
            versions = versions.Where(v => actor.UserId != null && v.Owner == self);
        }
        if (query.Type is not null) versions = versions.Where(v => v.ContentType == query.Type);
        if (terms is not null) versions = versions.Where(v => v.Terms.Any(t => terms.Contains(t.TermContentItemId)));
        if (ownerId is not null) versions = versions.Where(v => v.Owner == ownerId);
        var total = await versions.CountAsync();
        var items = await versions.OrderByDescending(v => v.ModifiedUtc).ThenByDescending(v => v.Id)
            .Skip(skip).Take(query.PageSize).Select(v => v.Json).ToListAsync();
        return new ContentPage(items, total, query.Page, query.PageSize);
    }

    /// <summary>
    /// The documents of the versions in <paramref name="status"/> that the actor may read, as <paramref name="refine"/> filters,
    /// orders and pages them. Published versions are everyone's; the others are for those who may preview: every item
    /// with PreviewContent, their own items with EditOwnContent; anyone else is refused.
    /// </summary>
    public async Task<Outcome<string[]>> VersionsJsonAsync(PublicationStatus status, Actor actor,
        Func<IQueryable<ContentItemVersion>, IQueryable<ContentItemVersion>> refine, CancellationToken cancellationToken = default)
    {
        if (status == PublicationStatus.Published) return await published.QueryJsonAsync(refine, cancellationToken);
        if (!ContentAccess.CanPreviewSome(actor))
        {
            return actor.IsAuthenticated
                ? Refusal.Forbidden($"Unpublished versions need the {Permissions.PreviewContent} permission, or {Permissions.EditOwnContent} for one's own items.")
                : Refusal.Unauthenticated();
        }
        var versions = db.ContentItemVersions.AsNoTracking();
        versions = status switch
        {
            PublicationStatus.Draft => versions.Where(v => v.Latest && !v.Published),
            PublicationStatus.Latest => versions.Where(v => v.Latest),
            _ => versions,
        };
        if (!actor.Has(Permissions.PreviewContent))
        {
            var self = actor.UserId!;
            versions = versions.Where(v => v.Owner == self);
        }
        return await refine(versions).Select(v => v.Json).ToArrayAsync(cancellationToken);
    }

    /// <summary>
    /// The newest version of each item that the actor may read, in one query: the latest when they may preview the item,
    /// else the published one; items they may not see at all are absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> NewestVisibleJsonAsync(IReadOnlyCollection<string> contentItemIds, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var rows = await db.ContentItemVersions.AsNoTracking()
            .Where(v => contentItemIds.Contains(v.ContentItemId) && (v.Latest || v.Published))
            .Select(v => new { v.ContentItemId, v.Latest, v.Published, v.Owner, v.Json }).ToListAsync(cancellationToken);
        var newest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in rows.GroupBy(r => r.ContentItemId))
        {
            var latest = item.FirstOrDefault(r => r.Latest);
            var chosen = latest is not null && ContentAccess.CanPreview(actor, latest.Owner) ? latest : item.FirstOrDefault(r => r.Published);
            if (chosen is not null) newest[item.Key] = chosen.Json;
        }
        return newest;
    }

    public async Task<Outcome<ContentHistory>> GetHistoryAsync(string contentItemId, Actor actor)
    {
        var visible = await VisibleAsync(contentItemId, actor);
        if (!visible.Succeeded) return visible.Refusal!;
        var contentType = visible.Value!;
        var versions = await db.ContentItemVersions.AsNoTracking().Where(v => v.ContentItemId == contentItemId).OrderBy(v => v.Number)
            .Select(v => new VersionSummary(v.ContentItemVersionId, v.Number, v.Status, v.Latest, v.Published, v.ModifiedUtc, v.Author)).ToListAsync();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.ContentItemId == contentItemId).OrderBy(a => a.Id)
            .Select(a => new AuditSummary(a.Action, a.ContentItemVersionId, a.FromStatus, a.ToStatus, a.Comment, a.UserName, a.Utc)).ToListAsync();
        return new ContentHistory(contentItemId, contentType, versions, audit);
    }

    public async Task<Outcome<ContentDiff>> DiffAsync(string contentItemId, string? from, string? to, Actor actor)
    {
        var visible = await VisibleAsync(contentItemId, actor);
        if (!visible.Succeeded) return visible.Refusal!;
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to)) return Refusal.Invalid("Both 'from' and 'to' version ids are required.");
        var rows = await db.ContentItemVersions.AsNoTracking()
            .Where(v => v.ContentItemId == contentItemId && (v.ContentItemVersionId == from || v.ContentItemVersionId == to))
            .ToListAsync();
        var a = rows.FirstOrDefault(r => r.ContentItemVersionId == from);
        var b = rows.FirstOrDefault(r => r.ContentItemVersionId == to);
        if (a is null || b is null) return Refusal.NotFound($"Version '{(a is null ? from : to)}' is not a version of this item.");
        return new ContentDiff(contentItemId, from, to, ContentDiffer.Compare(ContentRecords.ToItem(a), ContentRecords.ToItem(b)));
    }

    /// <summary>History and diffs show unpublished versions: they are for those who may preview the item. Gives its type.</summary>
    private async Task<Outcome<string>> VisibleAsync(string contentItemId, Actor actor)
    {
        var newest = await db.ContentItemVersions.AsNoTracking().Where(v => v.ContentItemId == contentItemId)
            .OrderByDescending(v => v.Number).Select(v => new { v.Owner, v.ContentType }).FirstOrDefaultAsync();
        if (newest is null || !ContentAccess.CanPreview(actor, newest.Owner)) return Refusal.NotFound("There is no such content item.");
        return newest.ContentType;
    }
}

/// <summary>Field-level differences between two versions: every leaf value by its JSON path.</summary>
public static class ContentDiffer
{
    public static IReadOnlyList<FieldChange> Compare(ContentItem from, ContentItem to)
    {
        var a = Flatten(from);
        var b = Flatten(to);
        var changes = new List<FieldChange>();
        foreach (var path in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            a.TryGetValue(path, out var x);
            b.TryGetValue(path, out var y);
            if (x is null && y is null) continue;
            if (x is null) changes.Add(new FieldChange(path, "added", null, y!.DeepClone()));
            else if (y is null) changes.Add(new FieldChange(path, "removed", x.DeepClone(), null));
            else if (!JsonNode.DeepEquals(x, y)) changes.Add(new FieldChange(path, "changed", x.DeepClone(), y.DeepClone()));
        }
        return changes;
    }

    private static Dictionary<string, JsonNode?> Flatten(ContentItem item)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["DisplayText"] = item.DisplayText };
        Walk(item.Content, "", values);
        return values;
    }

    // Objects are walked into; arrays and scalars are compared whole (a list of term ids is one value).
    private static void Walk(JsonNode? node, string path, Dictionary<string, JsonNode?> values)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj) Walk(value, path.Length == 0 ? name : $"{path}.{name}", values);
        }
        else
        {
            values[path] = node;
        }
    }
}
