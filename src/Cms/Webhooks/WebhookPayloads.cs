using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Cms.Webhooks;

/// <summary>
/// The JSON body of a delivery, built once per change-feed entry whatever the number of subscriptions: the entry, the
/// item's path and state from the version it names, and a one-line summary (the item's display text and what changed,
/// down to the fields a new version or a republication changed).
/// </summary>
internal sealed class WebhookPayloads(CmsDbContext db, ContentDefinitionStore definitions)
{
    private const int FieldsNamed = 5;
    private static readonly JsonSerializerOptions Json = new() { Encoder = ContentItemJson.WriterOptions.Encoder };

    public async Task<string> BuildAsync(ChangeFeedEntry entry, CancellationToken cancellationToken)
    {
        var data = entry.ReadData();
        var version = entry.ContentItemVersionId is { } versionId
            ? await db.ContentItemVersions.AsNoTracking().Where(v => v.ContentItemVersionId == versionId)
                .Select(v => new VersionFacts(v.ContentItemId, v.ContentItemVersionId, v.Number, v.DisplayText, v.Path, v.Status)).FirstOrDefaultAsync(cancellationToken)
            : null;
        var firstPublication = entry.Event == ChangeEvents.ContentPublished ? data?["firstPublication"]?.GetValue<bool>() ?? false : (bool?)null;
        var change = await DescribeAsync(entry, data, version, firstPublication, cancellationToken);
        var body = new JsonObject
        {
            ["event"] = entry.Event,
            ["contentItemId"] = entry.ContentItemId,
            ["contentItemVersionId"] = entry.ContentItemVersionId,
            ["contentType"] = entry.ContentType,
            ["path"] = version?.Path,
            ["status"] = StatusAfter(entry, data, version),
            ["source"] = entry.Source,
        };
        if (firstPublication is { } first) body["firstPublication"] = first;
        body["summary"] = version?.DisplayText is { Length: > 0 } title ? $"{title} — {change}" : change;
        body["sequence"] = entry.Sequence;
        body["utc"] = DateTime.SpecifyKind(entry.Utc, DateTimeKind.Utc);
        if (data is not null) body["data"] = data;
        return body.ToJsonString(Json);
    }

    public static string Ping(string subscriptionId, DateTime utc) => new JsonObject
    {
        ["event"] = WebhookEvents.Ping,
        ["contentItemId"] = null,
        ["contentItemVersionId"] = null,
        ["contentType"] = null,
        ["path"] = null,
        ["status"] = null,
        ["source"] = null,
        ["summary"] = $"Test ping of webhook {subscriptionId}",
        ["sequence"] = null,
        ["utc"] = utc,
    }.ToJsonString(Json);

    /// <summary>The state the change left the item in. Rows move on after the change, so the transition's own "to" comes first.</summary>
    private string? StatusAfter(ChangeFeedEntry entry, JsonObject? data, VersionFacts? version) => entry.Event switch
    {
        ChangeEvents.ContentDeleted => "Deleted",
        ChangeEvents.ContentPublished => PublishedStateOf(entry.ContentType),
        _ when data?["to"] is JsonValue to && to.TryGetValue<string>(out var state) => state,
        _ => version?.Status,
    };

    /// <summary>The name the type's workflow gives its published state.</summary>
    private string PublishedStateOf(string? contentType) =>
        (contentType is null ? Workflow.ContentWorkflow.Default : definitions.Current.WorkflowOf(contentType)).Published.Name;

    private async Task<string> DescribeAsync(ChangeFeedEntry entry, JsonObject? data, VersionFacts? version, bool? firstPublication, CancellationToken cancellationToken)
    {
        string? Text(string name) => data?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        switch (entry.Event)
        {
            case ChangeEvents.ContentCreated:
                return "created";
            case ChangeEvents.ContentUpdated when data is not null && data.ContainsKey("inPlace"):
                return $"changed in place: {Text("reason")}";
            case ChangeEvents.ContentUpdated:
                var previous = version is null ? null : await db.ContentItemVersions.AsNoTracking()
                    .Where(v => v.ContentItemId == version.ContentItemId && v.Number == version.Number - 1).Select(v => v.ContentItemVersionId).FirstOrDefaultAsync(cancellationToken);
                return "new version" + await ChangedFieldsAsync(previous, version, cancellationToken);
            case ChangeEvents.ContentPublished when firstPublication == true:
                return "first publication";
            case ChangeEvents.ContentPublished:
                // A correction: what changed since the version readers saw before (the audit trail keeps every publication).
                var published = PublishedStateOf(entry.ContentType);
                var before = version is null ? null : await db.AuditEntries.AsNoTracking()
                    .Where(a => a.ContentItemId == version.ContentItemId && a.ToStatus == published
                        && a.ContentItemVersionId != version.ContentItemVersionId && a.Utc <= entry.Utc)
                    .OrderByDescending(a => a.Id).Select(a => a.ContentItemVersionId).FirstOrDefaultAsync(cancellationToken);
                return "published again" + await ChangedFieldsAsync(before, version, cancellationToken);
            case ChangeEvents.ContentTransitioned:
                return $"{Text("transition")}: {Text("from")} → {Text("to")}";
            case ChangeEvents.ContentScheduled:
                return data?["publishAtUtc"] is JsonValue at && at.TryGetValue<DateTime>(out var when)
                    ? $"scheduled for {when.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"
                    : "scheduled";
            case ChangeEvents.ContentUnpublished:
                return "unpublished";
            case ChangeEvents.ContentDeleted:
                return "deleted";
            case ChangeEvents.MediaUpdated or ChangeEvents.MediaDeleted:
                return $"{(entry.Event == ChangeEvents.MediaDeleted ? "media deleted" : "media updated")}: {Text("path")}";
            default:
                return entry.Event.Replace('.', ' ');
        }
    }

    /// <summary>": Part.Field, … changed" between two versions, or "" when there is nothing to compare.</summary>
    private async Task<string> ChangedFieldsAsync(string? fromVersionId, VersionFacts? to, CancellationToken cancellationToken)
    {
        if (fromVersionId is null || to is null) return "";
        var rows = await db.ContentItemVersions.AsNoTracking()
            .Where(v => v.ContentItemVersionId == fromVersionId || v.ContentItemVersionId == to.ContentItemVersionId)
            .Select(v => new { v.ContentItemVersionId, v.Json }).ToListAsync(cancellationToken);
        var from = rows.FirstOrDefault(r => r.ContentItemVersionId == fromVersionId);
        var now = rows.FirstOrDefault(r => r.ContentItemVersionId == to.ContentItemVersionId);
        if (from is null || now is null) return "";
        // "Part.Field.Text" is the field "Part.Field"; a title change shows as the title alone, not also as DisplayText.
        var fields = ContentDiffer.Compare(ContentItemJson.Parse(from.Json), ContentItemJson.Parse(now.Json))
            .Select(c => string.Join('.', c.Path.Split('.').Take(2))).Distinct(StringComparer.Ordinal).ToList();
        if (fields.Count > 1) fields.Remove("DisplayText");
        if (fields.Count == 0) return ", no field changed";
        var named = string.Join(", ", fields.Take(FieldsNamed));
        return fields.Count > FieldsNamed ? $": {named} and {fields.Count - FieldsNamed} more changed" : $": {named} changed";
    }

    private sealed record VersionFacts(string ContentItemId, string ContentItemVersionId, int Number, string? DisplayText, string? Path, string Status);
}
