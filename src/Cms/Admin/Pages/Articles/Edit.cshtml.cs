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
    ContentDefinitionStore definitions, Autosaves autosaves, MissingFields missing, DiffUserNames userNames)
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

    /// <summary>Unsaved work of this user on this item, offered back (Reprendre / Ignorer) when they open it again.</summary>
    public AutosaveOffer? Offer { get; private set; }

    /// <summary>The autosave was just taken back into the form: it is unsaved until the writer saves it.</summary>
    public bool Restored { get; private set; }

    /// <summary>A new article's autosave key (made here, kept by the form), so that its work is kept before its first save.</summary>
    public string DraftKey { get; private set; } = "";

    /// <summary>The public address of the published version, for "Voir sur le site".</summary>
    public string? PublishedUrl { get; private set; }

    /// <summary>The standfirst is written with the title and the body; every other field is metadata, in the side panel.</summary>
    public bool IsStandfirst(EditorField field) => field.Role == FieldRoles.Standfirst;

    public FieldView ViewOf(EditorField field) => new(field, Shown, ErrorsFor(field.Key),
        CanCreateTerms: field.Role == FieldRoles.Tags && Actor.Has(Tags.TagService.CreatePermission),
        IsStandfirst: IsStandfirst(field), IsLeadImage: field.Role == FieldRoles.LeadImage, CurrentUserId: Actor.UserId);

    private string AutosaveKey => IsNew ? Autosave.KeyOfNew(DraftKey) : Item!.ContentItemId;

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

    public async Task<IActionResult> OnGetAsync(string id, string? m, string? autosave)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (IsNew && !CanSave) return Forbid();
        DraftKey = IdGenerator.NewId();
        if (CanSave && Actor.UserId is { } userId)
        {
            var kept = IsNew ? await autosaves.LatestNewAsync(userId, Form.Type.Name) : await autosaves.FindAsync(userId, id);
            if (kept is not null)
            {
                var offer = await AutosaveOffer.ForAsync(kept, Item, Form, userNames);
                if (IsNew) DraftKey = kept.ItemKey[Autosave.NewPrefix.Length..];
                if (autosave == "restore")
                {
                    // Taken back over the latest version: the writer has seen what changed since (the offer's differences).
                    Restored = true;
                    if (Item is null) PostedNew = offer.Restored;
                    else Item = WithContentOf(Item, offer.Restored);
                }
                else Offer = offer;
            }
        }
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
        DraftKey = Request.Form["draftKey"].ToString();
        Comment = Request.Form["comment"].ToString();
        PublishAt = Request.Form["publishAt"].ToString();
        var previous = Item;
        // Unsaved changes are saved before a transition, so that what is submitted or published is what is on screen.
        var saveFirst = act == "save" || (act != "delete" && CanSave && (IsNew || Request.Form["dirty"] == "1"));
        if (saveFirst)
        {
            var saved = await SaveAsync(previous);
            if (!saved.Succeeded) return Refused(saved.Refusal!, Form.Read(Request.Form, previous));
            var wasNew = IsNew;
            Item = saved.Value;
            await ForgetAutosaveAsync(wasNew ? Autosave.KeyOfNew(Request.Form["draftKey"].ToString()) : Item!.ContentItemId);
            if (act == "save") return Redirect($"/admin/articles/{Item!.ContentItemId}?m=saved");
        }
        if (Item is null || IsNew) return NotFound();

        if (act == "delete")
        {
            var deleted = await workflow.DeleteAsync(Item.ContentItemId, Actor);
            if (!deleted.Succeeded) return Refused(deleted.Refusal!, null);
            await ForgetAutosaveAsync(Item.ContentItemId);
            return Redirect("/admin/articles?m=deleted");
        }
        var transition = Workflow.Transition(act);
        if (transition is null) return BadRequest();
        if (Workflow.KindOf(transition.To) is StateKind.Published or StateKind.Scheduled && transition.Target != TransitionTarget.PublishedVersion
            && LeadImageWithoutAlt(Item) is { } imageKey)
        {
            // The admin's own rule, not the API's: a newsroom publishing from here describes its lead image for those who cannot see it.
            return Refused(Refusal.Invalid("The lead image needs an alternative text to be published.",
                new Dictionary<string, string[]> { [imageKey + ".Alt"] = ["Décrivez l’image (texte alternatif) avant de publier."] }), null);
        }
        DateTime? publishAtUtc = null;
        if (transition.RequiresPublishAt && DateTime.TryParse(PublishAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) publishAtUtc = Paris.ToUtc(local);
        var moved = await workflow.ApplyAsync(Item.ContentItemId, transition.Name, new TransitionRequest(Comment, publishAtUtc), Actor);
        if (!moved.Succeeded) return Refused(moved.Refusal!, null);
        await ForgetAutosaveAsync(Item.ContentItemId);
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

    /// <summary>
    /// The autosave: the form's state kept as this user's one rolling autosave of the item (never a version, an audit
    /// or a change-feed entry), answered in JSON with the fields a save would still refuse, named and to be marked.
    /// </summary>
    public async Task<IActionResult> OnPostAutosaveAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanSave || Actor.UserId is not { } userId) return new JsonResult(new { saved = false, message = "Enregistrement automatique impossible dans cet état." });
        if (IsNew)
        {
            DraftKey = Request.Form["draftKey"].ToString();
            if (!IsDraftKey(DraftKey)) return new JsonResult(new { saved = false, message = "Enregistrement automatique impossible : rechargez la page." }) { StatusCode = StatusCodes.Status400BadRequest };
        }
        var posted = Form.Read(Request.Form, Item);
        var basedOn = Request.Form["basedOn"].ToString();
        var kept = await autosaves.KeepAsync(userId, AutosaveKey, Item?.ContentItemId, Form.Type.Name, basedOn.Length is > 0 and <= 26 ? basedOn : null, posted.ToJsonString());
        var draft = ContentItemJson.FromObject(posted);
        draft.ContentType = Form.Type.Name;
        var incomplete = await missing.OfAsync(draft, Item, Form);
        var at = AutosaveOffer.Hour(kept.UpdatedUtc);
        var message = incomplete.Count == 0
            ? $"Brouillon enregistré automatiquement à {at}."
            : $"Brouillon enregistré automatiquement à {at} ; des champs sont à compléter avant d’enregistrer : {string.Join(", ", incomplete.Select(f => f.Label))}.";
        return new JsonResult(new { saved = true, at, message, fields = incomplete.Select(f => new { id = f.Id, label = f.Label, message = f.Message }) });
    }

    /// <summary>"Ignorer": the offered autosave is deleted, and the editor opens on the saved version.</summary>
    public async Task<IActionResult> OnPostDiscardAutosaveAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Actor.UserId is { } userId)
        {
            DraftKey = Request.Form["draftKey"].ToString();
            if (!IsNew || IsDraftKey(DraftKey)) await autosaves.DeleteAsync(userId, AutosaveKey);
        }
        return Redirect(IsNew ? $"/admin/articles/{NewId}?type={Uri.EscapeDataString(Form.Type.Name)}" : $"/admin/articles/{id}");
    }

    private async Task ForgetAutosaveAsync(string itemKey)
    {
        if (Actor.UserId is { } userId) await autosaves.DeleteAsync(userId, itemKey);
    }

    /// <summary>The lead image field's key when it shows an image with no alternative text.</summary>
    private string? LeadImageWithoutAlt(ContentItem item)
    {
        var role = definitions.Current.Role(item.ContentType, FieldRoles.LeadImage);
        if (role is null) return null;
        var (path, text) = role.FirstMediaIn(item);
        return path is { Length: > 0 } && string.IsNullOrWhiteSpace(text) ? role.Key : null;
    }

    private static bool IsDraftKey(string key) => key.Length is > 0 and <= 26 && key.All(char.IsAsciiLetterOrDigit);

    private static ContentItem WithContentOf(ContentItem item, ContentItem content)
    {
        var shown = item.Clone();
        shown.Content = content.Content;
        return shown;
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
        if (HasPublished && await forms.PublishedPathAsync(id) is { Length: > 0 } path) PublishedUrl = "/" + path.TrimStart('/');
        var history = await queries.GetHistoryAsync(id, Actor);
        if (history.Succeeded && Kind == StateKind.Draft)
        {
            var last = history.Value!.Audit.LastOrDefault(a => a.Action is "Rejected" or "Submitted" or "Published");
            if (last?.Action == "Rejected") LastRejection = last;
        }
        return true;
    }
}
