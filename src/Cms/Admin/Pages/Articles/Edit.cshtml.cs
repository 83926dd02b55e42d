using System.Globalization;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Preview;
using Cms.Security;
using Cms.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages.Articles;

/// <summary>
/// Writes an item of any type the newsroom creates (the form comes from its definition) and moves it through the workflow. Every action goes through ContentWriter and
/// WorkflowService; the buttons shown are only a courtesy, the services decide.
/// </summary>
public sealed class EditModel(ContentQueries queries, ContentWriter writer, WorkflowService workflow, ContentForms forms, ContentList list, PreviewLinks previews,
    ContentDefinitionStore definitions)
    : PageModel
{
    public const string NewId = "new";

    public ContentForm Form { get; private set; } = null!;
    public ContentItem? Item { get; private set; }
    public Actor Actor { get; private set; } = null!;
    public string? BasedOnVersionId { get; private set; }
    public bool HasPublished { get; private set; }
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }
    public string? OtherVersionId { get; private set; }
    public AuditSummary? LastRejection { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string Comment { get; private set; } = "";
    public string PublishAt { get; private set; } = "";

    /// <summary>A preview link just made for this item, to copy and share (a reviewer, a front-end in draft mode).</summary>
    public PreviewLinkView? PreviewLink { get; private set; }

    /// <summary>The values of a new article that could not be created yet (shown back in the form).</summary>
    public ContentItem? PostedNew { get; private set; }

    public ContentItem? Shown => Item ?? PostedNew;

    public bool IsNew => Item is null || string.IsNullOrEmpty(Item.ContentItemId);
    /// <summary>The type's workflow (the recipe's data): its states, and the transitions the buttons offer.</summary>
    public ContentWorkflow Workflow => definitions.Current.WorkflowOf(Form.Type.Name);

    public string State => Item?.Status ?? Workflow.Initial.Name;
    public StateKind Kind => Workflow.KindOf(State);

    public bool CanSave => IsNew
        ? Actor.Has(Permissions.EditOwnContent) || Actor.Has(Permissions.EditContent)
        : ContentAccess.CanEdit(Actor, Item!.Owner) && (Workflow.State(State) is not { LocksAuthor: true } || Actor.Has(Permissions.PublishContent));

    /// <summary>The transitions this user may take from here, in the workflow's order.</summary>
    public IReadOnlyList<WorkflowTransition> Transitions => Workflow.Transitions.Where(Can).ToList();

    public bool Can(WorkflowTransition transition)
    {
        if (!Actor.Has(transition.Permission) || (!IsNew && !ContentAccess.CanEdit(Actor, Item!.Owner))) return false;
        if (transition.Target == TransitionTarget.PublishedVersion) return HasPublished;
        return transition.From.Contains(State);
    }

    public bool CanDelete => !IsNew && (Actor.Has(Permissions.DeleteContent)
        || (Actor.Owns(Item!.Owner) && Actor.Has(Permissions.DeleteOwnContent) && !HasPublished && Item.PublishedUtc is null && Kind == StateKind.Draft));

    public IReadOnlyList<string> ErrorsFor(string key) =>
        Errors.Where(e => e.Key == key || e.Key.StartsWith(key + ".", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList();

    public async Task<IActionResult> OnGetAsync(string id, string? m)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (IsNew && !CanSave) return Forbid();
        Message = m switch
        {
            null => null,
            "saved" => "Article enregistré.",
            "submit" => "Article soumis pour relecture.",
            "publish" => "Article publié.",
            "schedule" => "Publication programmée.",
            "reject" => "Article renvoyé à son auteur.",
            "unpublish" => "Article dépublié.",
            "restored" => "Version restaurée en brouillon.",
            // A newsroom's own step: said with its label and the state it reached.
            _ when Workflow.Transition(m) is { } done => $"« {done.Label} » : l’article est maintenant {StateLabels.Of(done.To, Workflow).ToLowerInvariant()}.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string act)
    {
        if (!await LoadAsync(id)) return NotFound();
        Comment = Request.Form["comment"].ToString();
        PublishAt = Request.Form["publishAt"].ToString();
        var previous = Item;
        // Unsaved changes are saved before a transition, so that what is submitted or published is what is on screen.
        var saveFirst = act == "save" || (act != "delete" && CanSave && (IsNew || Request.Form["dirty"] == "1"));
        if (saveFirst)
        {
            var saved = await SaveAsync(previous);
            if (!saved.Succeeded) return Refused(saved.Refusal!, Form.Read(Request.Form, previous));
            Item = saved.Value;
            if (act == "save") return Redirect($"/admin/articles/{Item!.ContentItemId}?m=saved");
        }
        if (Item is null || IsNew) return NotFound();

        if (act == "delete")
        {
            var deleted = await workflow.DeleteAsync(Item.ContentItemId, Actor);
            if (!deleted.Succeeded) return Refused(deleted.Refusal!, null);
            return Redirect("/admin/articles?m=deleted");
        }
        var transition = Workflow.Transition(act);
        if (transition is null) return BadRequest();
        DateTime? publishAtUtc = null;
        if (transition.RequiresPublishAt && DateTime.TryParse(PublishAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) publishAtUtc = Paris.ToUtc(local);
        var moved = await workflow.ApplyAsync(Item.ContentItemId, transition.Name, new TransitionRequest(Comment, publishAtUtc), Actor);
        if (!moved.Succeeded) return Refused(moved.Refusal!, null);
        return Redirect($"/admin/articles/{Item.ContentItemId}?m={transition.Name}");
    }

    /// <summary>"Copier le lien de prévisualisation": a new link to the latest version, shown once on the page.</summary>
    public async Task<IActionResult> OnPostPreviewLinkAsync(string id)
    {
        if (!await LoadAsync(id) || IsNew) return NotFound();
        var created = await previews.CreateAsync(id, null, Actor);
        if (!created.Succeeded) return Refused(created.Refusal!, null);
        PreviewLink = created.Value;
        return Page();
    }

    /// <summary>The autosave: a new draft version, answered in JSON so that the page can carry on from it.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanSave) return new JsonResult(new { saved = false, message = "Enregistrement automatique impossible dans cet état." });
        var saved = await SaveAsync(Item);
        if (!saved.Succeeded)
        {
            var stale = saved.Refusal!.Kind == RefusalKind.PreconditionFailed;
            return new JsonResult(new
            {
                saved = false,
                stale,
                message = stale ? StateLabels.Refusal(saved.Refusal) : "Brouillon non enregistré automatiquement : des champs sont à compléter.",
            });
        }
        return new JsonResult(new { saved = true, id = saved.Value!.ContentItemId, versionId = saved.Value.ContentItemVersionId, at = Paris.FromUtc(saved.Value.ModifiedUtc ?? DateTime.UtcNow).ToString("HH:mm:ss") });
    }

    private async Task<Outcome<ContentItem>> SaveAsync(ContentItem? previous)
    {
        var input = Form.Read(Request.Form, previous);
        CorrectionNoteForm.Read(Request.Form, input, Form.Type);
        return previous is null
            ? await writer.CreateDraftAsync(input, Actor)
            : await writer.SaveDraftAsync(previous.ContentItemId, Request.Form["basedOn"].ToString(), input, Actor);
    }

    private IActionResult Refused(Refusal refusal, System.Text.Json.Nodes.JsonObject? posted)
    {
        if (refusal.Kind == RefusalKind.Forbidden) return Forbid();
        if (refusal.Kind == RefusalKind.NotFound) return NotFound();
        Message = StateLabels.Refusal(refusal);
        MessageIsError = true;
        Errors = FieldMessages.InFrench(refusal.Errors ?? new Dictionary<string, string[]>());
        if (refusal.Kind == RefusalKind.PreconditionFailed) OtherVersionId = refusal.Extensions?.GetValueOrDefault("latestVersionId") as string;
        if (posted is not null)
        {
            // What the user typed stays on screen, based on the version they started from.
            var shown = ContentItemJson.FromObject(posted);
            if (Item is not null)
            {
                shown.ContentItemId = Item.ContentItemId;
                shown.Status = Item.Status;
                shown.Owner = Item.Owner;
                shown.PublishedUtc = Item.PublishedUtc;
            }
            Item = Item is null ? null : shown;
            PostedNew = Item is null ? shown : null;
            BasedOnVersionId = Request.Form["basedOn"];
        }
        Response.StatusCode = refusal.Kind == RefusalKind.PreconditionFailed ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(string id)
    {
        Actor = await HttpContext.GetActorAsync();
        if (id == NewId)
        {
            // A new item of the type asked for (?type=Page), else of the first type the newsroom writes.
            var type = Request.Query["type"].ToString() is { Length: > 0 } asked ? asked : list.CreatableTypes.FirstOrDefault()?.Name;
            if (type is null || list.CreatableTypes.All(t => t.Name != type)) return false;
            Form = (await forms.LoadAsync(type))!;
            return true;
        }
        var latest = await queries.GetLatestAsync(id, Actor);
        if (!latest.Succeeded) return false;
        Item = latest.Value;
        var form = await forms.LoadAsync(Item!.ContentType);
        if (form is null) return false;
        Form = form;
        BasedOnVersionId = Item!.ContentItemVersionId;
        HasPublished = Item.Published || await forms.HasPublishedVersionAsync(id);
        var history = await queries.GetHistoryAsync(id, Actor);
        if (history.Succeeded && Kind == StateKind.Draft)
        {
            var last = history.Value!.Audit.LastOrDefault(a => a.Action is "Rejected" or "Submitted" or "Published");
            if (last?.Action == "Rejected") LastRejection = last;
        }
        return true;
    }
}
