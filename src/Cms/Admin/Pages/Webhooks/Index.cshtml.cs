using Cms.Content;
using Cms.Content.Definitions;
using Cms.Security;
using Cms.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages.Webhooks;

/// <summary>The webhooks (ManageWebhooks): the list and the creation form, through the service the API uses.</summary>
public sealed class IndexModel(WebhookSubscriptions webhooks, ContentDefinitionStore definitions) : PageModel
{
    public IReadOnlyList<WebhookView> Items { get; private set; } = [];
    public WebhookFields Fields { get; private set; } = null!;

    /// <summary>The subscription just made, with its secret: shown on this answer only.</summary>
    public WebhookView? Created { get; private set; }

    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }
    public IReadOnlyDictionary<string, string[]> SecretErrors { get; private set; } = new Dictionary<string, string[]>();

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!(await HttpContext.GetActorAsync()).Has(Permissions.ManageWebhooks))
        {
            context.Result = Forbid();
            return;
        }
        await next();
    }

    public async Task OnGetAsync(string? m)
    {
        Message = m == "deleted" ? "Webhook supprimé." : null;
        Fields = new WebhookFields("new", null, [WebhookEvents.Any], [], [], WebhookFields.TypesOf(definitions), new Dictionary<string, string[]>());
        await LoadAsync();
    }

    // No redirect after a creation: the secret is shown in this answer and never again.
    public async Task<IActionResult> OnPostCreateAsync(string? url, string[] events, string[] contentTypes, string[] excludedSources, string? secret)
    {
        var input = WebhookFields.Read(url, events, contentTypes, excludedSources, secret, enabled: true);
        var created = await webhooks.CreateAsync(input, await HttpContext.GetActorAsync());
        if (created.Succeeded)
        {
            Created = created.Value;
            Message = "Webhook créé.";
            Fields = new WebhookFields("new", null, [WebhookEvents.Any], [], [], WebhookFields.TypesOf(definitions), new Dictionary<string, string[]>());
            Response.Headers.CacheControl = "no-store";
            await LoadAsync();
            return Page();
        }
        return await RefusedAsync(created.Refusal!, input);
    }

    private async Task<IActionResult> RefusedAsync(Refusal refusal, WebhookInput input)
    {
        var errors = WebhookLabels.InFrench(refusal.Errors);
        Fields = WebhookFields.Posted("new", input, WebhookFields.TypesOf(definitions), errors);
        SecretErrors = errors.Where(e => e.Key == "secret").ToDictionary();
        Message = refusal.Kind == RefusalKind.Invalid ? "Le webhook n’a pas été créé : corrigez les champs signalés." : refusal.Detail;
        MessageIsError = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var list = await webhooks.ListAsync(await HttpContext.GetActorAsync());
        Items = list.Succeeded ? list.Value! : [];
    }
}
