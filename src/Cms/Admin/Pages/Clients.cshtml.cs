using Cms.Clients;
using Cms.Content;
using Cms.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin.Pages;

/// <summary>
/// "Clients d'intégration" (ManageClients): the servers that sign in with client credentials. The same service as
/// <c>/api/clients</c>, so the same rules; a new client's secret is shown on the page that made it, once.
/// </summary>
public sealed class ClientsModel(IntegrationClients clients) : PageModel
{
    /// <summary>What each permission lets a client do, in the newsroom's words; account management last, apart.</summary>
    public static readonly IReadOnlyList<(string Name, string Label)> ContentPermissions =
    [
        (Permissions.ViewContent, "Lire le contenu publié"),
        (Permissions.PreviewContent, "Lire les brouillons (prévisualisation)"),
        (Permissions.EditOwnContent, "Créer du contenu"),
        (Permissions.EditContent, "Modifier tout contenu"),
        (Permissions.SubmitForReview, "Soumettre à la relecture"),
        (Permissions.PublishContent, "Publier, programmer, dépublier"),
        (Permissions.DeleteOwnContent, "Supprimer ses brouillons"),
        (Permissions.DeleteContent, "Supprimer tout contenu"),
        (Permissions.ManageCategories, "Gérer les rubriques"),
        (Permissions.ManageRecipes, "Exécuter les recettes"),
        (Permissions.ManageSearchIndexes, "Gérer les index de recherche"),
        (Permissions.ViewChangeFeed, "Lire le flux des modifications"),
    ];

    public static readonly IReadOnlyList<(string Name, string Label)> AccountPermissions =
    [
        (Permissions.ManageUsers, "Gérer les utilisateurs"),
        (Permissions.ManageClients, "Gérer les clients d’intégration"),
    ];

    /// <summary>What a new client holds unless the form says otherwise: what a front-end needs.</summary>
    public static readonly IReadOnlySet<string> Suggested = new HashSet<string> { Permissions.ViewContent, Permissions.PreviewContent };

    public IReadOnlyList<ClientView> Items { get; private set; } = [];
    public ClientView? Created { get; private set; }
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }
    public string? ErrorTarget { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!(await HttpContext.GetActorAsync()).Has(Permissions.ManageClients))
        {
            context.Result = Forbid();
            return;
        }
        await next();
    }

    public async Task OnGetAsync(string? m)
    {
        Message = m switch
        {
            "permissions" => "Permissions enregistrées.",
            "revoked" => "Client révoqué : ses jetons ne fonctionnent plus.",
            _ => null,
        };
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, string[] permission)
    {
        var created = await clients.CreateAsync(name, permission, await HttpContext.GetActorAsync());
        if (!created.Succeeded) return await RefusedAsync("new", created.Refusal!);
        Created = created.Value;
        // The only answer that holds the secret: no cache may keep it.
        Response.Headers.CacheControl = "no-store";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostPermissionsAsync(string id, string[] permission)
    {
        var changed = await clients.SetPermissionsAsync(id, permission, await HttpContext.GetActorAsync());
        return changed.Succeeded ? Redirect("/admin/clients?m=permissions") : await RefusedAsync(id, changed.Refusal!);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id)
    {
        var revoked = await clients.RevokeAsync(id, await HttpContext.GetActorAsync());
        return revoked.Succeeded ? Redirect("/admin/clients?m=revoked") : await RefusedAsync(id, revoked.Refusal!);
    }

    public static string LabelOf(string permission) =>
        ContentPermissions.Concat(AccountPermissions).FirstOrDefault(p => p.Name == permission).Label ?? permission;

    private async Task<IActionResult> RefusedAsync(string target, Refusal refusal)
    {
        ErrorTarget = target;
        Message = refusal.Kind switch
        {
            RefusalKind.NotFound => "Ce client n’existe plus.",
            RefusalKind.Forbidden => "Vous ne pouvez pas donner une permission que vous n’avez pas.",
            _ when refusal.Errors?.ContainsKey("name") == true => "Donnez un nom au client (100 caractères au plus).",
            _ => "Rien n’a été modifié : choisissez des permissions existantes.",
        };
        MessageIsError = true;
        Response.StatusCode = refusal.Kind switch
        {
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => Items = (await clients.ListAsync(await HttpContext.GetActorAsync())).Value ?? [];
}
