using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Health;
using Cms.Security;
using Cms.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Cms.Content;

/// <summary>What a workflow transition says about itself in the audit trail and the change feed.</summary>
public sealed record TransitionNote(string Name, string AuditAction, string? Comment = null)
{
    public static TransitionNote Of(WorkflowTransition transition, string? comment = null) => new(transition.Name, transition.AuditAction, comment);
}

/// <summary>
/// The one way content changes. Every write of a version and every flip of <c>Latest</c> or <c>Published</c> happens here,
/// inside a transaction the caller opens with <see cref="BeginAsync"/>: the item is checked, the parts' and fields'
/// <see cref="ContentHandler"/>s run (Autoroute claims its path, a taxonomy field locks and checks its terms), the rows are
/// written with an audit entry and a change-feed entry, and, when the transaction commits, this node's followers apply
/// the change before the caller answers. Callers decide who may do what; this class decides how it is done.
/// </summary>
public sealed class ContentLifecycle(UnitOfWork unit, ContentDefinitionStore definitions, ContentValidator validator, IEnumerable<ContentHandler> handlers,
    TimeProvider clock)
{
    private readonly ContentHandler[] _handlers = handlers.ToArray();

    private CmsDbContext Db => unit.Db;

    public ContentDefinitionSet Definitions => definitions.Current;

    public Task<UnitOfWork.Transaction> BeginAsync() => unit.BeginAsync();

    /// <summary>The item's latest and published rows, tracked; null when no version of it is latest (unknown or deleted).</summary>
    public async Task<ContentVersions?> LoadAsync(string contentItemId)
    {
        // One query, a search of the (ContentItemId, Number) index: without an index leading with the item's id, this
        // OR could use neither partial index and scanned the whole table on SQLite, once per item written.
        var rows = await Db.ContentItemVersions.Include(v => v.Terms)
            .Where(v => v.ContentItemId == contentItemId && (v.Latest || v.Published)).ToListAsync();
        var latest = rows.FirstOrDefault(v => v.Latest);
        return latest is null ? null : new ContentVersions(latest, rows.FirstOrDefault(v => v.Published));
    }

    /// <summary>Whether any version of the item was ever stored (deleted items included: their ids are not reused).</summary>
    public Task<bool> ExistsAsync(string contentItemId) => Db.ContentItemVersions.AnyAsync(v => v.ContentItemId == contentItemId);

    /// <summary>A new item: a draft owned by <paramref name="actor"/>, with new ids.</summary>
    public Task<Outcome<ContentItem>> CreateAsync(ContentItem item, ContentTypeDefinition type, Actor actor)
    {
        var now = Now();
        item.ContentItemId = IdGenerator.NewId();
        item.ContentItemVersionId = IdGenerator.NewId();
        item.ContentType = type.Name;
        item.Owner = actor.UserId;
        item.Author = actor.UserName;
        item.CreatedUtc = item.ModifiedUtc = now;
        item.PublishedUtc = null;
        item.PublishAtUtc = null;
        item.Latest = true;
        item.Published = false;
        item.Status = definitions.Current.WorkflowOf(type.Name).Initial.Name;
        return InsertAsync(item, type, actor, "Created");
    }

    /// <summary>
    /// An item brought in whole (a recipe, an import): its id, owner and dates as given (the actor's when absent), in the
    /// state it comes with when its type's workflow has it (a draft, in review, scheduled with its time), or published with
    /// its original publication time.
    /// </summary>
    public async Task<Outcome<ContentItem>> ImportAsync(ContentItem item, ContentTypeDefinition type, Actor actor, string auditAction = "Imported")
    {
        var now = Now();
        if (string.IsNullOrEmpty(item.ContentItemId)) item.ContentItemId = IdGenerator.NewId();
        item.ContentItemVersionId = await ImportedVersionIdAsync(item.ContentItemVersionId);
        item.ContentType = type.Name;
        item.Owner ??= actor.UserId;
        item.Author ??= actor.UserName;
        item.CreatedUtc ??= now;
        item.ModifiedUtc ??= item.CreatedUtc;
        item.Latest = true;
        var workflow = definitions.Current.WorkflowOf(type.Name);
        item.Status = item.Published ? workflow.Published.Name : UnpublishedStateOf(workflow, item);
        item.PublishedUtc = item.Published ? item.PublishedUtc ?? now : item.PublishedUtc;
        if (workflow.KindOf(item.Status) != StateKind.Scheduled) item.PublishAtUtc = null;
        return await InsertAsync(item, type, actor, auditAction);
    }

    /// <summary>
    /// A newer copy of an item brought in before (an import run again on a newer export): a new latest version in the state
    /// it comes with, as <see cref="ImportAsync"/> reads it. Published, it replaces the live version with its original
    /// publication time; in another state, it takes the live version offline, as the source site did.
    /// </summary>
    public async Task<Outcome<ContentItem>> ImportUpdateAsync(ContentVersions current, ContentItem item, Actor actor, string auditAction = "Imported")
    {
        var type = definitions.Current.FindType(current.ContentType);
        if (type is null) return Refusal.Conflict($"The type '{current.ContentType}' is no longer defined.");
        var previous = current.LatestItem();
        var (owner, author, published, status, publishAt, publishedUtc) = (item.Owner, item.Author, item.Published, item.Status, item.PublishAtUtc, item.PublishedUtc);
        NextVersionOf(previous, item, actor);
        item.Owner = owner ?? previous.Owner;
        item.Author = author ?? actor.UserName;
        var workflow = definitions.Current.WorkflowOf(type.Name);
        var state = workflow.State(status);
        item.Published = published;
        item.Status = published ? workflow.Published.Name
            : state is null || state.Kind == StateKind.Published || (state.Kind == StateKind.Scheduled && publishAt is null) ? workflow.Initial.Name
            : state.Name;
        item.PublishAtUtc = workflow.KindOf(item.Status) == StateKind.Scheduled ? publishAt : null;
        item.PublishedUtc = published ? publishedUtc ?? previous.PublishedUtc ?? item.ModifiedUtc : previous.PublishedUtc;

        var errors = await validator.ValidateAsync(item, type, definitions.Current, previous);
        if (errors.Any) return errors.ToRefusal();
        var context = new ContentContext(Db, item, previous, type, definitions.Current, actor);
        var refused = published
            ? await RefusedAsync(context, (h, c) => h.UpdatingAsync(c), (h, c) => h.PublishingAsync(c))
            : current.HasPublished
                ? await RefusedAsync(context, (h, c) => h.UpdatingAsync(c), (h, c) => h.UnpublishingAsync(c))
                : await RefusedAsync(context, (h, c) => h.UpdatingAsync(c));
        if (refused is not null) return refused;

        SetFlags(current.Latest, latest: false, published: false);
        if (current.Published is { } older && older != current.Latest) SetFlags(older, latest: false, published: false);
        Db.ContentItemVersions.Add(ContentRecords.NewRecord(item, current.Latest.Number + 1, definitions.Current));
        Audit.Add(Db, item, auditAction, current.State, item.Status, actor, item.ModifiedUtc!.Value);
        Stage(ChangeEvents.ContentUpdated, item, actor, affectsPublished: current.HasPublished || published);
        if (published) Stage(ChangeEvents.ContentPublished, item, actor, affectsPublished: true, new JsonObject { ["firstPublication"] = !current.HasPublished });
        else if (current.HasPublished) Stage(ChangeEvents.ContentUnpublished, item, actor, affectsPublished: true);
        if (await SaveAsync() is false) return Changed(current, RefusalKind.Conflict);
        if (published) await RunAsync(context, (h, c) => h.UpdatedAsync(c), (h, c) => h.PublishedAsync(c));
        else if (current.HasPublished) await RunAsync(context, (h, c) => h.UpdatedAsync(c), (h, c) => h.UnpublishedAsync(c));
        else await RunAsync(context, (h, c) => h.UpdatedAsync(c));
        return item;
    }

    /// <summary>
    /// A new latest version on top of <paramref name="current"/>. The published version, if any, stays live: editing a
    /// published item makes a draft (a correction in progress) until it is published.
    /// </summary>
    public async Task<Outcome<ContentItem>> UpdateAsync(ContentVersions current, ContentItem item, Actor actor, string auditAction = "Saved", string? comment = null)
    {
        var type = definitions.Current.FindType(current.ContentType);
        if (type is null) return Refusal.Conflict($"The type '{current.ContentType}' is no longer defined.");
        var previous = current.LatestItem();
        NextVersionOf(previous, item, actor);
        var workflow = definitions.Current.WorkflowOf(type.Name);
        item.Status = workflow.KindOf(previous.Status) == StateKind.Published ? workflow.Initial.Name : previous.Status;
        item.PublishAtUtc = workflow.KindOf(item.Status) == StateKind.Scheduled ? previous.PublishAtUtc : null;
        return await AddVersionAsync(current, previous, item, type, actor, auditAction, comment);
    }

    /// <summary>
    /// A later version of an item imported in the same run (a recipe carrying an item's published version, then its newer
    /// latest one): a new latest version on top of <paramref name="current"/>, with its author, modification time and
    /// state as given (a draft, in review, scheduled); the published version stays live.
    /// </summary>
    public async Task<Outcome<ContentItem>> ImportVersionAsync(ContentVersions current, ContentItem item, Actor actor, string auditAction = "Imported")
    {
        var type = definitions.Current.FindType(current.ContentType);
        if (type is null) return Refusal.Conflict($"The type '{current.ContentType}' is no longer defined.");
        var previous = current.LatestItem();
        var (versionId, author, modified) = (item.ContentItemVersionId, item.Author, item.ModifiedUtc);
        var workflow = definitions.Current.WorkflowOf(type.Name);
        var status = UnpublishedStateOf(workflow, item);
        var publishAt = workflow.KindOf(status) == StateKind.Scheduled ? item.PublishAtUtc : null;
        NextVersionOf(previous, item, actor);
        item.ContentItemVersionId = await ImportedVersionIdAsync(versionId);
        item.Author = author ?? actor.UserName;
        item.ModifiedUtc = modified ?? item.ModifiedUtc;
        item.Status = status;
        item.PublishAtUtc = publishAt;
        return await AddVersionAsync(current, previous, item, type, actor, auditAction, comment: null);
    }

    private async Task<Outcome<ContentItem>> AddVersionAsync(ContentVersions current, ContentItem previous, ContentItem item, ContentTypeDefinition type,
        Actor actor, string auditAction, string? comment)
    {
        var errors = await validator.ValidateAsync(item, type, definitions.Current, previous);
        if (errors.Any) return errors.ToRefusal();
        var context = new ContentContext(Db, item, previous, type, definitions.Current, actor);
        if (await RefusedAsync(context, (h, c) => h.UpdatingAsync(c)) is { } refused) return refused;

        previous.Latest = false;
        ContentRecords.Update(current.Latest, previous, definitions.Current);
        Db.ContentItemVersions.Add(ContentRecords.NewRecord(item, current.Latest.Number + 1, definitions.Current));
        Audit.Add(Db, item, auditAction, current.State, item.Status, actor, item.ModifiedUtc!.Value, comment);
        Stage(ChangeEvents.ContentUpdated, item, actor, affectsPublished: current.Latest.Published);
        if (await SaveAsync() is false) return Changed(current, RefusalKind.PreconditionFailed);
        await RunAsync(context, (h, c) => h.UpdatedAsync(c));
        return item;
    }

    /// <summary>Publishes the latest version; an older published version, if any, is taken offline in the same step.</summary>
    public async Task<Outcome<ContentItem>> PublishAsync(ContentVersions current, Actor actor, TransitionNote transition)
    {
        var type = definitions.Current.FindType(current.ContentType);
        if (type is null) return Refusal.Conflict($"The type '{current.ContentType}' is no longer defined.");
        var item = current.LatestItem();
        var previous = current.Published is { } live ? ContentRecords.ToItem(live) : null;
        var from = current.State;
        var firstPublication = item.PublishedUtc is null && previous is null;
        var context = new ContentContext(Db, item, previous, type, definitions.Current, actor);
        if (await RefusedAsync(context, (h, c) => h.PublishingAsync(c)) is { } refused) return refused;

        var now = Now();
        var published = definitions.Current.WorkflowOf(type.Name).Published.Name;
        if (current.Published is { } older && older != current.Latest) SetFlags(older, latest: false, published: false);
        item.Published = true;
        item.PublishedUtc ??= now;
        item.PublishAtUtc = null;
        item.Status = published;
        ContentRecords.Update(current.Latest, item, definitions.Current);
        Audit.Add(Db, item, transition.AuditAction, from, published, actor, now, transition.Comment);
        Stage(ChangeEvents.ContentPublished, item, actor, affectsPublished: true,
            Transition(transition, from, published, ("firstPublication", firstPublication)));
        if (await SaveAsync() is false) return Changed(current, RefusalKind.Conflict);
        await RunAsync(context, (h, c) => h.PublishedAsync(c));
        return item;
    }

    /// <summary>
    /// Saves a new version and publishes it in one step, for content that has no review (a taxonomy changed through the
    /// categories API). <paramref name="feedEvent"/> names the change in the feed (<c>category.created</c>…).
    /// </summary>
    public async Task<Outcome<ContentItem>> SavePublishedAsync(ContentVersions current, ContentItem item, Actor actor, string auditAction,
        string feedEvent, JsonObject? data = null, string? comment = null)
    {
        var type = definitions.Current.FindType(current.ContentType);
        if (type is null) return Refusal.Conflict($"The type '{current.ContentType}' is no longer defined.");
        var previous = current.LatestItem();
        NextVersionOf(previous, item, actor);
        item.PublishedUtc = previous.PublishedUtc ?? item.ModifiedUtc;
        item.PublishAtUtc = null;
        item.Published = true;
        item.Status = definitions.Current.WorkflowOf(type.Name).Published.Name;

        var errors = await validator.ValidateAsync(item, type, definitions.Current, previous);
        if (errors.Any) return errors.ToRefusal();
        var context = new ContentContext(Db, item, previous, type, definitions.Current, actor);
        if (await RefusedAsync(context, (h, c) => h.UpdatingAsync(c), (h, c) => h.PublishingAsync(c)) is { } refused) return refused;

        SetFlags(current.Latest, latest: false, published: false);
        if (current.Published is { } older && older != current.Latest) SetFlags(older, latest: false, published: false);
        Db.ContentItemVersions.Add(ContentRecords.NewRecord(item, current.Latest.Number + 1, definitions.Current));
        Audit.Add(Db, item, auditAction, current.State, item.Status, actor, item.ModifiedUtc!.Value, comment);
        Stage(feedEvent, item, actor, affectsPublished: true, data);
        if (await SaveAsync() is false) return Changed(current, RefusalKind.Conflict);
        await RunAsync(context, (h, c) => h.UpdatedAsync(c), (h, c) => h.PublishedAsync(c));
        return item;
    }

    /// <summary>Moves the latest version to another state that readers do not see (submitted, rejected, scheduled).</summary>
    public async Task<Outcome<ContentItem>> ChangeStateAsync(ContentVersions current, string to, DateTime? publishAtUtc, Actor actor, TransitionNote transition)
    {
        var item = current.LatestItem();
        var from = current.State;
        var scheduled = definitions.Current.WorkflowOf(current.ContentType).KindOf(to) == StateKind.Scheduled;
        item.Status = to;
        item.PublishAtUtc = scheduled ? publishAtUtc : null;
        ContentRecords.Update(current.Latest, item, definitions.Current);
        Audit.Add(Db, item, transition.AuditAction, from, to, actor, Now(), transition.Comment);
        var data = Transition(transition, from, to);
        if (item.PublishAtUtc is { } at) data["publishAtUtc"] = at;
        Stage(scheduled ? ChangeEvents.ContentScheduled : ChangeEvents.ContentTransitioned, item, actor, affectsPublished: false, data);
        if (await SaveAsync() is false) return Changed(current, RefusalKind.Conflict);
        return item;
    }

    /// <summary>Takes the published version offline; when it is also the latest, the item goes to <paramref name="to"/> (a draft state).</summary>
    public async Task<Outcome<ContentItem>> UnpublishAsync(ContentVersions current, string to, Actor actor, TransitionNote transition)
    {
        var published = current.Published!;
        var type = definitions.Current.FindType(current.ContentType);
        if (type is null) return Refusal.Conflict($"The type '{current.ContentType}' is no longer defined.");
        var item = ContentRecords.ToItem(published);
        var context = new ContentContext(Db, item, null, type, definitions.Current, actor);
        if (await RefusedAsync(context, (h, c) => h.UnpublishingAsync(c)) is { } refused) return refused;

        var from = item.Status;
        item.Published = false;
        if (published == current.Latest) item.Status = to;
        ContentRecords.Update(published, item, definitions.Current);
        Audit.Add(Db, item, transition.AuditAction, from, item.Status, actor, Now(), transition.Comment);
        Stage(ChangeEvents.ContentUnpublished, item, actor, affectsPublished: true, Transition(transition, from, item.Status));
        if (await SaveAsync() is false) return Changed(current, RefusalKind.Conflict);
        await RunAsync(context, (h, c) => h.UnpublishedAsync(c));
        return ContentRecords.ToItem(current.Latest);
    }

    /// <summary>Removes an item for everyone: no version stays latest or published; rows and audit remain as history.</summary>
    public async Task<Outcome<bool>> RemoveAsync(ContentVersions current, Actor actor)
    {
        var item = current.LatestItem();
        var type = definitions.Current.FindType(current.ContentType);
        var context = type is null ? null : new ContentContext(Db, item, null, type, definitions.Current, actor);
        if (context is not null && await RefusedAsync(context, (h, c) => h.RemovingAsync(c)) is { } refused) return refused;

        Audit.Add(Db, item, "Deleted", current.State, null, actor, Now());
        SetFlags(current.Latest, latest: false, published: false);
        if (current.Published is { } published && published != current.Latest) SetFlags(published, latest: false, published: false);
        Stage(ChangeEvents.ContentDeleted, item, actor, affectsPublished: current.HasPublished);
        if (await SaveAsync() is false) return Changed(current, RefusalKind.Conflict);
        if (context is not null) await RunAsync(context, (h, c) => h.RemovedAsync(c));
        return true;
    }

    /// <summary>
    /// Rewrites a stored version in place, without a new version: an administrative fix (articles moved off a deleted
    /// category), recorded in the audit trail and the feed.
    /// </summary>
    public void RewriteInPlace(ContentItemVersion record, ContentItem item, Actor actor, string auditAction, string comment)
    {
        ContentRecords.Update(record, item, definitions.Current);
        Audit.Add(Db, item, auditAction, null, null, actor, Now(), comment);
        Stage(ChangeEvents.ContentUpdated, item, actor, affectsPublished: record.Published, new JsonObject { ["inPlace"] = true, ["reason"] = comment });
    }

    /// <summary>Records a change made in this transaction that is not a version of an item (definitions, roles, media).</summary>
    public void Record(string feedEvent, Actor actor, JsonObject? data = null, string? contentItemId = null, string? contentType = null, bool affectsPublished = false) =>
        StageInTransaction(new ChangeFeedEntry
        {
            Event = feedEvent,
            ContentItemId = contentItemId,
            ContentType = contentType,
            AffectsPublished = affectsPublished,
            UserName = actor.UserName,
            Source = actor.Source,
            Utc = Now(),
            Data = data?.ToJsonString(),
        });

    private async Task<Outcome<ContentItem>> InsertAsync(ContentItem item, ContentTypeDefinition type, Actor actor, string auditAction)
    {
        var errors = await validator.ValidateAsync(item, type, definitions.Current, previous: null);
        if (errors.Any) return errors.ToRefusal();
        var context = new ContentContext(Db, item, null, type, definitions.Current, actor) { IsNew = true };
        var refused = item.Published
            ? await RefusedAsync(context, (h, c) => h.CreatingAsync(c), (h, c) => h.PublishingAsync(c))
            : await RefusedAsync(context, (h, c) => h.CreatingAsync(c));
        if (refused is not null) return refused;

        Db.ContentItemVersions.Add(ContentRecords.NewRecord(item, 1, definitions.Current));
        Audit.Add(Db, item, auditAction, null, item.Status, actor, item.ModifiedUtc ?? Now());
        Stage(ChangeEvents.ContentCreated, item, actor, affectsPublished: false);
        if (item.Published) Stage(ChangeEvents.ContentPublished, item, actor, affectsPublished: true, new JsonObject { ["firstPublication"] = true });
        if (await SaveAsync() is false) return Refusal.Conflict($"The item {item.ContentItemId} or its path was taken meanwhile; try again.");
        if (item.Published) await RunAsync(context, (h, c) => h.CreatedAsync(c), (h, c) => h.PublishedAsync(c));
        else await RunAsync(context, (h, c) => h.CreatedAsync(c));
        return item;
    }

    /// <summary>An imported version keeps its id (what names it elsewhere, a diff or an export, still does) unless it is malformed or taken.</summary>
    private async Task<string> ImportedVersionIdAsync(string given) =>
        given is { Length: > 0 and <= 26 } && !await Db.ContentItemVersions.AnyAsync(v => v.ContentItemVersionId == given) ? given : IdGenerator.NewId();

    /// <summary>The state an imported version that readers do not see keeps: its own when its type's workflow has it, else the first.</summary>
    private static string UnpublishedStateOf(ContentWorkflow workflow, ContentItem item) =>
        workflow.State(item.Status) is not { } state || state.Kind == StateKind.Published || (state.Kind == StateKind.Scheduled && item.PublishAtUtc is null)
            ? workflow.Initial.Name
            : state.Name;

    private void NextVersionOf(ContentItem previous, ContentItem item, Actor actor)
    {
        item.ContentItemId = previous.ContentItemId;
        item.ContentItemVersionId = IdGenerator.NewId();
        item.ContentType = previous.ContentType;
        item.Owner = previous.Owner;
        item.Author = actor.UserName;
        item.CreatedUtc = previous.CreatedUtc;
        item.ModifiedUtc = Now();
        item.PublishedUtc = previous.PublishedUtc;
        item.Latest = true;
        item.Published = false;
    }

    private void SetFlags(ContentItemVersion record, bool latest, bool published)
    {
        var item = ContentRecords.ToItem(record);
        item.Latest = latest;
        item.Published = published;
        ContentRecords.Update(record, item, definitions.Current);
    }

    private void Stage(string feedEvent, ContentItem item, Actor actor, bool affectsPublished, JsonObject? data = null) =>
        StageInTransaction(new ChangeFeedEntry
        {
            Event = feedEvent,
            ContentItemId = item.ContentItemId,
            ContentItemVersionId = item.ContentItemVersionId,
            ContentType = item.ContentType,
            AffectsPublished = affectsPublished,
            UserName = actor.UserName,
            Source = actor.Source,
            Utc = Now(),
            Data = data?.ToJsonString(),
        });

    /// <summary>A change outside a transaction would be saved with no feed entry: followers would never hear of it.</summary>
    private void StageInTransaction(ChangeFeedEntry entry)
    {
        if (Db.Database.CurrentTransaction is null) throw new InvalidOperationException("Content changes run inside ContentLifecycle.BeginAsync's transaction.");
        unit.Stage(entry);
    }

    private static JsonObject Transition(TransitionNote transition, string from, string to, params (string Name, JsonNode? Value)[] more)
    {
        var data = new JsonObject { ["transition"] = transition.Name, ["from"] = from, ["to"] = to };
        foreach (var (name, value) in more) data[name] = value;
        return data;
    }

    private async Task<Refusal?> RefusedAsync(ContentContext context, params Func<ContentHandler, ContentContext, Task>[] events)
    {
        await RunAsync(context, events);
        return context.Errors.Any ? context.Errors.ToRefusal() : null;
    }

    private async Task RunAsync(ContentContext context, params Func<ContentHandler, ContentContext, Task>[] events)
    {
        foreach (var run in events)
        {
            foreach (var handler in _handlers) await run(handler, context);
        }
    }

    /// <summary>False when another writer moved the same rows first (a concurrency token, a unique index); a full disk is no conflict, and throws.</summary>
    private async Task<bool> SaveAsync()
    {
        try
        {
            await Db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException e) when (!DiskFull.IsOutOfSpace(e))
        {
            return false;
        }
    }

    private static Refusal Changed(ContentVersions current, RefusalKind kind) =>
        new(kind, kind == RefusalKind.PreconditionFailed ? "The item has changed." : "Conflict with the current state.",
            $"The item changed while this change was being made (its latest version was {current.Latest.ContentItemVersionId}); fetch it and try again.")
        { Extensions = new Dictionary<string, object?> { ["latestVersionId"] = current.Latest.ContentItemVersionId } };

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
