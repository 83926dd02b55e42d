using System.Text.Json.Nodes;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Parts.Autoroute;
using Cms.Security;
using Cms.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Cms.Content;

/// <summary>
/// Stores new versions: a new draft item, a new version of an existing one, an imported item. Each save
/// is a new row; the row it replaces loses its Latest flag but keeps Published, so what readers see stays live.
/// </summary>
public sealed class ContentWriter(CmsDbContext db, ContentValidator validator, ContentDefinitionStore definitions, TimeProvider clock, ContentChangeBus changes)
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

        var now = Now();
        item.ContentItemId = IdGenerator.NewId();
        item.ContentItemVersionId = IdGenerator.NewId();
        item.Owner = actor.UserId;
        item.Author = actor.UserName;
        item.CreatedUtc = item.ModifiedUtc = now;
        item.PublishedUtc = null;
        item.PublishAtUtc = null;
        item.Latest = true;
        item.Published = false;
        item.Status = ContentStatus.Draft;

        var errors = await validator.ValidateAsync(item, type.Value!, definitions.Current, previous: null);
        if (errors.Any) return errors.ToRefusal();

        await using var unit = await UnitOfWork.BeginAsync(db);
        await ClaimPathAsync(item);
        db.ContentItemVersions.Add(ContentRecords.NewRecord(item, 1, definitions.Current));
        Audit.Add(db, item, "Created", null, ContentStatus.Draft, actor, now);
        var change = new ContentChange(item.ContentItemId, item.ContentType, ContentChangeKind.LatestChanged);
        changes.Stage(db, change);
        await db.SaveChangesAsync();
        await unit.CommitAsync();
        changes.Publish(change);
        return item;
    }

    /// <summary>Saves a new version on top of the latest one, which must be the version the caller edited (<paramref name="basedOnVersionId"/>).</summary>
    public async Task<Outcome<ContentItem>> SaveDraftAsync(string contentItemId, string? basedOnVersionId, JsonObject input, Actor actor)
    {
        await using var unit = await UnitOfWork.BeginAsync(db);
        var latest = await db.ContentItemVersions.Include(v => v.Terms).FirstOrDefaultAsync(v => v.ContentItemId == contentItemId && v.Latest);
        if (latest is null) return Refusal.NotFound("There is no such content item.");
        var hasPublished = latest.Published || await db.ContentItemVersions.AnyAsync(v => v.ContentItemId == contentItemId && v.Published);

        if (!ContentAccess.CanEdit(actor, latest.Owner))
        {
            return actor.IsAuthenticated
                ? ContentAccess.Refuse(actor, latest.Owner, hasPublished, "You may not edit this item.")
                : Refusal.Unauthenticated();
        }
        var state = Enum.Parse<ContentStatus>(latest.Status);
        if (state is ContentStatus.InReview or ContentStatus.Scheduled && !actor.Has(Permissions.PublishContent))
        {
            return new Refusal(RefusalKind.Conflict, "Conflict with the current state.",
                $"The item is {state}: its author cannot edit it until an editor rejects it.")
            { Extensions = new Dictionary<string, object?> { ["currentStatus"] = latest.Status } };
        }
        if (basedOnVersionId is null)
        {
            return new Refusal(RefusalKind.PreconditionRequired, "If-Match is required.",
                "Send If-Match with the ContentItemVersionId your edit is based on.")
            { Extensions = new Dictionary<string, object?> { ["latestVersionId"] = latest.ContentItemVersionId } };
        }
        if (basedOnVersionId != latest.ContentItemVersionId) return Stale(latest);

        var previous = ContentRecords.ToItem(latest);
        var item = ContentItemJson.FromObject(input);
        if (item.ContentType.Length > 0 && item.ContentType != previous.ContentType)
        {
            return Refusal.Invalid($"ContentType cannot change (it is '{previous.ContentType}').",
                new Dictionary<string, string[]> { ["ContentType"] = [$"Expected '{previous.ContentType}'."] });
        }
        var type = definitions.Current.FindType(previous.ContentType);
        if (type is null) return Refusal.Conflict($"The type '{previous.ContentType}' is no longer defined.");

        var now = Now();
        item.ContentItemId = previous.ContentItemId;
        item.ContentItemVersionId = IdGenerator.NewId();
        item.ContentType = previous.ContentType;
        item.Owner = previous.Owner;
        item.Author = actor.UserName;
        item.CreatedUtc = previous.CreatedUtc;
        item.ModifiedUtc = now;
        item.PublishedUtc = previous.PublishedUtc;
        item.Latest = true;
        item.Published = false;
        item.Status = previous.Status == ContentStatus.Published ? ContentStatus.Draft : previous.Status;
        item.PublishAtUtc = item.Status == ContentStatus.Scheduled ? previous.PublishAtUtc : null;

        var errors = await validator.ValidateAsync(item, type, definitions.Current, previous);
        if (errors.Any) return errors.ToRefusal();

        previous.Latest = false;
        ContentRecords.Update(latest, previous, definitions.Current);
        await ClaimPathAsync(item);
        db.ContentItemVersions.Add(ContentRecords.NewRecord(item, latest.Number + 1, definitions.Current));
        Audit.Add(db, item, "Saved", state, item.Status, actor, now);
        var change = new ContentChange(item.ContentItemId, item.ContentType, latest.Published ? ContentChangeKind.PublishedChanged : ContentChangeKind.LatestChanged);
        changes.Stage(db, change);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another save moved the latest version between our read and our write.
            return Stale(latest);
        }
        await AutoroutePathClaims.ReleaseUnusedAsync(db, item.ContentItemId);
        await unit.CommitAsync();
        changes.Publish(change);
        return item;
    }

    /// <summary>
    /// Imports an item from a recipe, keeping its ids. An item that already exists is left as it is, so that
    /// running a recipe again duplicates nothing and never overwrites the newsroom's edits.
    /// </summary>
    public async Task<Outcome<ContentItem?>> ImportAsync(JsonObject input, Actor owner)
    {
        var item = ContentItemJson.FromObject(input);
        var type = definitions.Current.FindType(item.ContentType);
        if (type is null) return Refusal.Invalid($"Unknown content type '{item.ContentType}'.");
        if (string.IsNullOrEmpty(item.ContentItemId)) item.ContentItemId = IdGenerator.NewId();
        if (await db.ContentItemVersions.AnyAsync(v => v.ContentItemId == item.ContentItemId)) return (ContentItem?)null;

        var now = Now();
        item.ContentItemVersionId = IdGenerator.NewId();
        item.Owner ??= owner.UserId;
        item.Author ??= owner.UserName;
        item.CreatedUtc ??= now;
        item.ModifiedUtc ??= item.CreatedUtc;
        item.Latest = true;
        item.Status = item.Published ? ContentStatus.Published : ContentStatus.Draft;
        item.PublishedUtc = item.Published ? item.PublishedUtc ?? now : null;
        item.PublishAtUtc = null;

        var errors = await validator.ValidateAsync(item, type, definitions.Current, previous: null);
        if (errors.Any) return errors.ToRefusal();

        await using var unit = await UnitOfWork.BeginAsync(db);
        await ClaimPathAsync(item);
        db.ContentItemVersions.Add(ContentRecords.NewRecord(item, 1, definitions.Current));
        Audit.Add(db, item, "Imported", null, item.Status, owner, now);
        var change = new ContentChange(item.ContentItemId, item.ContentType, ContentChangeKind.PublishedChanged);
        changes.Stage(db, change);
        await db.SaveChangesAsync();
        await unit.CommitAsync();
        changes.Publish(change);
        return item;
    }

    /// <summary>
    /// Saves a new version of an item and publishes it in the same step, for content that has no review
    /// (a taxonomy changed through the categories API). The caller checks the permission.
    /// </summary>
    public async Task<Outcome<ContentItem>> SavePublishedAsync(ContentItem edited, Actor actor, string auditAction, string? comment = null)
    {
        await using var unit = await UnitOfWork.BeginAsync(db);
        var versions = await db.ContentItemVersions.Include(v => v.Terms)
            .Where(v => v.ContentItemId == edited.ContentItemId && (v.Latest || v.Published)).ToListAsync();
        var latest = versions.FirstOrDefault(v => v.Latest);
        if (latest is null) return Refusal.NotFound("There is no such content item.");
        var type = definitions.Current.FindType(latest.ContentType);
        if (type is null) return Refusal.Conflict($"The type '{latest.ContentType}' is no longer defined.");

        var previous = ContentRecords.ToItem(latest);
        var now = Now();
        var item = edited.Clone();
        item.ContentItemVersionId = IdGenerator.NewId();
        item.ContentType = previous.ContentType;
        item.Owner = previous.Owner;
        item.CreatedUtc = previous.CreatedUtc;
        item.Author = actor.UserName;
        item.ModifiedUtc = now;
        item.PublishedUtc = previous.PublishedUtc ?? now;
        item.PublishAtUtc = null;
        item.Latest = true;
        item.Published = true;
        item.Status = ContentStatus.Published;

        var errors = await validator.ValidateAsync(item, type, definitions.Current, previous);
        if (errors.Any) return errors.ToRefusal();

        foreach (var version in versions)
        {
            var old = ContentRecords.ToItem(version);
            old.Latest = false;
            old.Published = false;
            ContentRecords.Update(version, old, definitions.Current);
        }
        await ClaimPathAsync(item);
        db.ContentItemVersions.Add(ContentRecords.NewRecord(item, latest.Number + 1, definitions.Current));
        Audit.Add(db, item, auditAction, previous.Status, ContentStatus.Published, actor, now, comment);
        var change = new ContentChange(item.ContentItemId, item.ContentType, ContentChangeKind.PublishedChanged);
        changes.Stage(db, change);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            return Refusal.Conflict("The item changed while it was being saved; try again.");
        }
        await AutoroutePathClaims.ReleaseUnusedAsync(db, item.ContentItemId);
        await unit.CommitAsync();
        changes.Publish(change);
        return item;
    }

    private Outcome<ContentTypeDefinition> FindCreatableType(string contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return Refusal.Invalid("ContentType is required.", new Dictionary<string, string[]> { ["ContentType"] = ["ContentType is required."] });
        }
        var type = definitions.Current.FindType(contentType);
        if (type is null || !type.Creatable)
        {
            return Refusal.Invalid($"Unknown content type '{contentType}'.",
                new Dictionary<string, string[]> { ["ContentType"] = [$"'{contentType}' is not a content type that can be created."] });
        }
        return type;
    }

    private async Task ClaimPathAsync(ContentItem item)
    {
        if (item.Part("AutoroutePart") is not { } autoroute || autoroute["Path"]?.GetValue<string>() is not { Length: > 0 } path) return;
        autoroute["Path"] = await AutoroutePathClaims.ClaimAsync(db, item.ContentItemId, path);
    }

    private static Refusal Stale(ContentItemVersion latest) =>
        new(RefusalKind.PreconditionFailed, "The item has changed.",
            $"Your edit is based on an older version; the latest is {latest.ContentItemVersionId}. Fetch it (?version=latest), merge, and save again.")
        { Extensions = new Dictionary<string, object?> { ["latestVersionId"] = latest.ContentItemVersionId } };

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
