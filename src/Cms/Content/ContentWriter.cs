using System.Text.Json.Nodes;
using Cms.Content.Definitions;
using Cms.Security;

namespace Cms.Content;

/// <summary>
/// Who may write what: a new draft, a new version of an item, an item brought in by a recipe. Each save is a new
/// version, made by the <see cref="ContentLifecycle"/>.
/// </summary>
public sealed class ContentWriter(ContentLifecycle lifecycle)
{
    public async Task<Outcome<ContentItem>> CreateDraftAsync(JsonObject input, Actor actor)
    {
        var item = ContentItemJson.FromObject(input);
        if (!actor.Has(Permissions.EditOwnContent) && !actor.Has(Permissions.EditContent))
        {
            return actor.IsAuthenticated ? Refusal.Forbidden("You may not create content.") : Refusal.Unauthenticated();
        }
        var type = FindCreatableType(item.ContentType);
        if (!type.Succeeded) return type.Refusal!;

        await using var transaction = await lifecycle.BeginAsync();
        var created = await lifecycle.CreateAsync(item, type.Value!, actor);
        if (created.Succeeded) await transaction.CommitAsync();
        return created;
    }

    /// <summary>Saves a new version on top of the latest one, which must be the version the caller edited (<paramref name="basedOnVersionId"/>).</summary>
    public async Task<Outcome<ContentItem>> SaveDraftAsync(string contentItemId, string? basedOnVersionId, JsonObject input, Actor actor, string auditAction = "Saved")
    {
        await using var transaction = await lifecycle.BeginAsync();
        var current = await lifecycle.LoadAsync(contentItemId);
        if (current is null) return Refusal.NotFound("There is no such content item.");

        if (!ContentAccess.CanEdit(actor, current.Owner))
        {
            return actor.IsAuthenticated
                ? ContentAccess.Refuse(actor, current.Owner, current.HasPublished, "You may not edit this item.")
                : Refusal.Unauthenticated();
        }
        if (lifecycle.Definitions.WorkflowOf(current.ContentType).State(current.State) is { LocksAuthor: true } && !actor.Has(Permissions.PublishContent))
        {
            return new Refusal(RefusalKind.Conflict, "Conflict with the current state.",
                $"The item is {current.State}: its author cannot edit it until an editor sends it back.")
            { Extensions = new Dictionary<string, object?> { ["currentStatus"] = current.Latest.Status } };
        }
        if (basedOnVersionId is null)
        {
            return new Refusal(RefusalKind.PreconditionRequired, "If-Match is required.",
                "Send If-Match with the ContentItemVersionId your edit is based on.")
            { Extensions = new Dictionary<string, object?> { ["latestVersionId"] = current.Latest.ContentItemVersionId } };
        }
        if (basedOnVersionId != current.Latest.ContentItemVersionId) return Stale(current);

        var item = ContentItemJson.FromObject(input);
        if (item.ContentType.Length > 0 && item.ContentType != current.ContentType)
        {
            return Refusal.Invalid($"ContentType cannot change (it is '{current.ContentType}').",
                new Dictionary<string, string[]> { ["ContentType"] = [$"Expected '{current.ContentType}'."] });
        }
        var saved = await lifecycle.UpdateAsync(current, item, actor, auditAction);
        if (saved.Succeeded) await transaction.CommitAsync();
        return saved;
    }

    /// <summary>
    /// Imports an item from a recipe, keeping its ids. An item that already exists is left as it is, so that
    /// running a recipe again duplicates nothing and never overwrites the newsroom's edits.
    /// </summary>
    public async Task<Outcome<ContentItem?>> ImportAsync(JsonObject input, Actor owner)
    {
        var item = ContentItemJson.FromObject(input);
        var type = lifecycle.Definitions.FindType(item.ContentType);
        if (type is null) return Refusal.Invalid($"Unknown content type '{item.ContentType}'.");

        await using var transaction = await lifecycle.BeginAsync();
        if (!string.IsNullOrEmpty(item.ContentItemId) && await lifecycle.ExistsAsync(item.ContentItemId)) return (ContentItem?)null;
        var imported = await lifecycle.ImportAsync(item, type, owner);
        if (!imported.Succeeded) return imported.Refusal!;
        await transaction.CommitAsync();
        return imported.Value;
    }

    /// <summary>
    /// Imports a later version of an item this import brought in already (its published version came first): a new latest
    /// version on top, keeping the version's author, time and state.
    /// </summary>
    public async Task<Outcome<ContentItem>> ImportVersionAsync(JsonObject input, Actor actor)
    {
        var item = ContentItemJson.FromObject(input);
        await using var transaction = await lifecycle.BeginAsync();
        var current = await lifecycle.LoadAsync(item.ContentItemId);
        if (current is null) return Refusal.NotFound($"There is no content item {item.ContentItemId} to add a version to.");
        if (item.ContentType.Length > 0 && item.ContentType != current.ContentType)
        {
            return Refusal.Invalid($"ContentType cannot change (the item {item.ContentItemId} is a '{current.ContentType}').");
        }
        var imported = await lifecycle.ImportVersionAsync(current, item, actor);
        if (!imported.Succeeded) return imported.Refusal!;
        await transaction.CommitAsync();
        return imported.Value!;
    }

    private Outcome<ContentTypeDefinition> FindCreatableType(string contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return Refusal.Invalid("ContentType is required.", new Dictionary<string, string[]> { ["ContentType"] = ["ContentType is required."] });
        }
        var type = lifecycle.Definitions.FindType(contentType);
        if (type is null || !type.Creatable)
        {
            return Refusal.Invalid($"Unknown content type '{contentType}'.",
                new Dictionary<string, string[]> { ["ContentType"] = [$"'{contentType}' is not a content type that can be created."] });
        }
        return type;
    }

    private static Refusal Stale(ContentVersions current) =>
        new(RefusalKind.PreconditionFailed, "The item has changed.",
            $"Your edit is based on an older version; the latest is {current.Latest.ContentItemVersionId}. Fetch it (?version=latest), merge, and save again.")
        { Extensions = new Dictionary<string, object?> { ["latestVersionId"] = current.Latest.ContentItemVersionId } };
}
