using System.Text.Json.Serialization;
using Cms.Changes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Webhooks;

/// <summary>A subscription as an administrator sees it; <see cref="Secret"/> only when it was just made or replaced.</summary>
public sealed record WebhookView(string Id, string Url, IReadOnlyList<string> Events, IReadOnlyList<string> ContentTypes, IReadOnlyList<string> ExcludedSources,
    bool Enabled, string? DisabledReason, DateTime? DisabledUtc, DateTime? FailingSinceUtc, DateTime? LastSuccessUtc, string? CreatedBy, DateTime CreatedUtc,
    DateTime ModifiedUtc)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    public static WebhookView Of(WebhookSubscription s) => new(s.Id, s.Url, s.EventList, s.ContentTypeList, s.ExcludedSourceList, s.Enabled, s.DisabledReason,
        s.DisabledUtc, s.FailingSinceUtc, s.LastSuccessUtc, s.CreatedBy, s.CreatedUtc, s.ModifiedUtc);
}

/// <summary>
/// Webhook subscriptions, for holders of ManageWebhooks (the API and the admin page go through here, so their rules are
/// one). A new or re-enabled subscription starts at the change feed's end: it is sent what happens from then on.
/// Switching one off abandons what it still had to send.
/// </summary>
public sealed class WebhookSubscriptions(CmsDbContext db, WebhookSecrets secrets, ContentDefinitionStore definitions, TimeProvider clock)
{
    private const int MaxUrlLength = 2048;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The events a subscription may name, in a stable order.</summary>
    public static IReadOnlyList<string> SubscribableEvents { get; } = ChangeEvents.All.Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> Sources { get; } = ChangeSources.All.Order(StringComparer.Ordinal).ToList();

    public async Task<Outcome<IReadOnlyList<WebhookView>>> ListAsync(Actor actor)
    {
        if (Refuse(actor) is { } refused) return refused;
        var all = await db.Set<WebhookSubscription>().AsNoTracking().OrderBy(s => s.CreatedUtc).ThenBy(s => s.Id).ToListAsync();
        return all.Select(WebhookView.Of).ToList();
    }

    public async Task<Outcome<WebhookView>> GetAsync(string id, Actor actor)
    {
        if (Refuse(actor) is { } refused) return refused;
        var subscription = await db.Set<WebhookSubscription>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id);
        return subscription is null ? NotFound(id) : WebhookView.Of(subscription);
    }

    public async Task<Outcome<WebhookView>> CreateAsync(WebhookInput input, Actor actor)
    {
        if (Refuse(actor) is { } refused) return refused;
        var errors = new ValidationErrors();
        if (input.Url is null) errors.Add("url", "url is required.");
        Validate(input, errors);
        if (errors.Any) return errors.ToRefusal();

        var now = Now;
        var secret = input.Secret ?? WebhookSecrets.Generate();
        var subscription = new WebhookSubscription
        {
            Id = IdGenerator.NewId(),
            Url = input.Url!.Trim(),
            Events = Events(input.Events ?? [WebhookEvents.Any]),
            ContentTypes = WebhookSubscription.Join(input.ContentTypes ?? []),
            ExcludedSources = WebhookSubscription.Join(input.ExcludedSources ?? []),
            ProtectedSecret = secrets.Protect(secret),
            Enabled = input.Enabled ?? true,
            Position = await FeedEndAsync(),
            CreatedBy = actor.UserName,
            CreatedUtc = now,
            ModifiedUtc = now,
        };
        db.Add(subscription);
        await db.SaveChangesAsync();
        return WebhookView.Of(subscription) with { Secret = secret };
    }

    public async Task<Outcome<WebhookView>> UpdateAsync(string id, WebhookInput input, Actor actor)
    {
        if (Refuse(actor) is { } refused) return refused;
        var errors = new ValidationErrors();
        Validate(input, errors);
        if (errors.Any) return errors.ToRefusal();

        await using var transaction = await db.Database.BeginTransactionAsync();
        var subscription = await db.Set<WebhookSubscription>().FirstOrDefaultAsync(s => s.Id == id);
        if (subscription is null) return NotFound(id);
        var now = Now;
        if (input.Url is { } url) subscription.Url = url.Trim();
        if (input.Events is { } events) subscription.Events = Events(events);
        if (input.ContentTypes is { } types) subscription.ContentTypes = WebhookSubscription.Join(types);
        if (input.ExcludedSources is { } sources) subscription.ExcludedSources = WebhookSubscription.Join(sources);
        if (input.Secret is { } secret) subscription.ProtectedSecret = secrets.Protect(secret);
        var switchedOff = input.Enabled == false && subscription.Enabled;
        if (input.Enabled == true && !subscription.Enabled)
        {
            // Back on: from now on, not the backlog of while it was off (nor a failing streak that is now behind it).
            subscription.Position = await FeedEndAsync();
            subscription.FailingSinceUtc = null;
        }
        if (input.Enabled is { } enabled && enabled != subscription.Enabled)
        {
            subscription.Enabled = enabled;
            subscription.DisabledUtc = enabled ? null : now;
            subscription.DisabledReason = null;
        }
        subscription.ModifiedUtc = now;
        // The row first: on PostgreSQL this waits for a dispatcher that is queueing for it, so what it queued is abandoned below.
        await db.SaveChangesAsync();
        if (switchedOff) await WebhookQueue.AbandonPendingAsync(db, id, now);
        await transaction.CommitAsync();
        return WebhookView.Of(subscription) with { Secret = input.Secret };
    }

    public async Task<Outcome<bool>> DeleteAsync(string id, Actor actor)
    {
        if (Refuse(actor) is { } refused) return refused;
        var deleted = await db.Set<WebhookSubscription>().Where(s => s.Id == id).ExecuteDeleteAsync();
        return deleted == 0 ? NotFound(id) : true;
    }

    public static Refusal? Refuse(Actor actor) => actor.Lacks(Permissions.ManageWebhooks, "Managing webhooks");

    public static Refusal NotFound(string id) => Refusal.NotFound($"There is no webhook '{id}'.");

    private void Validate(WebhookInput input, ValidationErrors errors)
    {
        if (input.Url is { } url)
        {
            if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            {
                errors.Add("url", "url must be an absolute http:// or https:// URL.");
            }
            else if (url.Trim().Length > MaxUrlLength) errors.Add("url", $"url is longer than {MaxUrlLength} characters.");
        }
        if (input.Events is { } events)
        {
            if (events.Count == 0) errors.Add("events", "events must name at least one event, or \"*\" for every event.");
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i] is not { } name || (name != WebhookEvents.Any && !ChangeEvents.All.Contains(name)))
                {
                    errors.Add($"events[{i}]", $"Unknown event '{events[i]}': one of {string.Join(", ", SubscribableEvents)}, or \"*\".");
                }
            }
        }
        var types = definitions.Current.Types;
        for (var i = 0; i < (input.ContentTypes?.Count ?? 0); i++)
        {
            if (input.ContentTypes![i] is not { } type || !types.ContainsKey(type)) errors.Add($"contentTypes[{i}]", $"There is no content type '{input.ContentTypes[i]}'.");
        }
        for (var i = 0; i < (input.ExcludedSources?.Count ?? 0); i++)
        {
            if (input.ExcludedSources![i] is not { } source || !ChangeSources.All.Contains(source))
            {
                errors.Add($"excludedSources[{i}]", $"Unknown source '{input.ExcludedSources[i]}': one of {string.Join(", ", Sources)}.");
            }
        }
        if (input.Secret is { } secret && WebhookSecrets.Problem(secret) is { } problem) errors.Add("secret", problem);
    }

    private static string Events(IReadOnlyList<string> events) =>
        events.Contains(WebhookEvents.Any) ? WebhookEvents.Any : string.Join(' ', events.Distinct(StringComparer.Ordinal));

    private async Task<long> FeedEndAsync() => await db.ChangeFeed.MaxAsync(e => (long?)e.Sequence) ?? 0;
}
