using Cms.Content;
using Cms.Content.Definitions;
using Cms.Security;
using Cms.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages.Webhooks;

/// <summary>One webhook (ManageWebhooks): its settings, its log of deliveries with "Renvoyer", a test ping, a new secret, deletion.</summary>
public sealed class DetailModel(WebhookSubscriptions webhooks, WebhookDeliveries deliveries, ContentDefinitionStore definitions) : PageModel
{
    public WebhookView Webhook { get; private set; } = null!;
    public WebhookFields Fields { get; private set; } = null!;
    public DeliveryPage Log { get; private set; } = new([], null);

    /// <summary>A secret just generated: shown on this answer only.</summary>
    public string? NewSecret { get; private set; }

    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!(await HttpContext.GetActorAsync()).Has(Permissions.ManageWebhooks))
        {
            context.Result = Forbid();
            return;
        }
        await next();
    }

    public async Task<IActionResult> OnGetAsync(string id, string? m, long? before)
    {
        Message = m switch
        {
            "saved" => "Webhook enregistré.",
            "ping" => "Test envoyé : son résultat apparaît dans le journal ci-dessous.",
            "resent" => "Envoi remis en file : son résultat apparaît dans le journal ci-dessous.",
            _ => null,
        };
        return await ShowAsync(id, before) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostSaveAsync(string id, string? url, string[] events, string[] contentTypes, string[] excludedSources, bool enabled)
    {
        var input = WebhookFields.Read(url, events, contentTypes, excludedSources, enabled: enabled);
        var saved = await webhooks.UpdateAsync(id, input, await HttpContext.GetActorAsync());
        if (saved.Succeeded) return Redirect($"/admin/webhooks/{id}?m=saved");
        if (saved.Refusal!.Kind == RefusalKind.NotFound) return NotFound();
        if (!await ShowAsync(id, null)) return NotFound();
        Fields = WebhookFields.Posted("edit", input, WebhookFields.TypesOf(definitions), WebhookLabels.InFrench(saved.Refusal.Errors));
        return Refused("Le webhook n’a pas été enregistré : corrigez les champs signalés.");
    }

    public async Task<IActionResult> OnPostPingAsync(string id)
    {
        var ping = await deliveries.PingAsync(id, await HttpContext.GetActorAsync());
        return ping.Succeeded ? Redirect($"/admin/webhooks/{id}?m=ping") : NotFound();
    }

    public async Task<IActionResult> OnPostResendAsync(string id, long deliveryId)
    {
        var resent = await deliveries.ResendAsync(id, deliveryId, await HttpContext.GetActorAsync());
        if (resent.Succeeded) return Redirect($"/admin/webhooks/{id}?m=resent");
        if (resent.Refusal!.Kind == RefusalKind.NotFound || !await ShowAsync(id, null)) return NotFound();
        return Refused("Ce webhook est désactivé : réactivez-le avant de renvoyer un envoi (un test peut être envoyé quand même).");
    }

    // No redirect: the new secret is shown in this answer and never again.
    public async Task<IActionResult> OnPostSecretAsync(string id)
    {
        var secret = WebhookSecrets.Generate();
        var saved = await webhooks.UpdateAsync(id, new WebhookInput { Secret = secret }, await HttpContext.GetActorAsync());
        if (!saved.Succeeded || !await ShowAsync(id, null)) return NotFound();
        NewSecret = secret;
        Message = "Nouveau secret enregistré : les prochains envois sont signés avec lui.";
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id)
    {
        var deleted = await webhooks.DeleteAsync(id, await HttpContext.GetActorAsync());
        return deleted.Succeeded ? Redirect("/admin/webhooks?m=deleted") : NotFound();
    }

    private IActionResult Refused(string message)
    {
        Message = message;
        MessageIsError = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> ShowAsync(string id, long? before)
    {
        var actor = await HttpContext.GetActorAsync();
        var found = await webhooks.GetAsync(id, actor);
        if (!found.Succeeded) return false;
        Webhook = found.Value!;
        Fields = WebhookFields.Of("edit", Webhook, WebhookFields.TypesOf(definitions));
        var log = await deliveries.ListAsync(id, null, before, WebhookDeliveries.DefaultLimit, actor);
        Log = log.Succeeded ? log.Value! : new DeliveryPage([], null);
        return true;
    }
}
