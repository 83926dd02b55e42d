using Cms.Changes;
using Cms.Webhooks;

namespace Cms.Admin;

/// <summary>The webhook page's words: events, sources and delivery states in French, and the French of each field's rule.</summary>
internal static class WebhookLabels
{
    public static string Event(string name) => name switch
    {
        WebhookEvents.Any => "Tous les événements",
        WebhookEvents.Ping => "Test (ping)",
        ChangeEvents.ContentCreated => "Contenu créé",
        ChangeEvents.ContentUpdated => "Nouvelle version",
        ChangeEvents.ContentTransitioned => "Changement d’état (soumission, rejet…)",
        ChangeEvents.ContentPublished => "Publication",
        ChangeEvents.ContentUnpublished => "Dépublication",
        ChangeEvents.ContentScheduled => "Programmation",
        ChangeEvents.ContentDeleted => "Suppression",
        ChangeEvents.CategoryCreated => "Rubrique créée",
        ChangeEvents.CategoryUpdated => "Rubrique modifiée",
        ChangeEvents.CategoryMoved => "Rubrique déplacée",
        ChangeEvents.CategoryDeleted => "Rubrique supprimée",
        ChangeEvents.DefinitionsChanged => "Types de contenu modifiés",
        ChangeEvents.RolesChanged => "Rôles modifiés",
        ChangeEvents.MediaUpdated => "Média modifié",
        ChangeEvents.MediaDeleted => "Média supprimé",
        _ => name,
    };

    public static string Source(string name) => name switch
    {
        ChangeSources.Api => "API",
        ChangeSources.Admin => "Rédaction (/admin)",
        ChangeSources.Scheduler => "Publication programmée",
        ChangeSources.Import => "Import",
        ChangeSources.Recipe => "Recette",
        _ => name,
    };

    public static string Status(string status) => status switch
    {
        DeliveryStatus.Pending => "En attente",
        DeliveryStatus.Succeeded => "Reçu",
        DeliveryStatus.Failed => "Échec",
        DeliveryStatus.Abandoned => "Abandonné",
        _ => status,
    };

    /// <summary>The service's rules speak English to API clients; the page says the same in French, by the field at fault.</summary>
    public static IReadOnlyDictionary<string, string[]> InFrench(IReadOnlyDictionary<string, string[]>? errors)
    {
        var french = new Dictionary<string, string[]>();
        foreach (var key in (errors ?? new Dictionary<string, string[]>()).Keys)
        {
            var field = key.Split('[')[0];
            french[field] = [field switch
            {
                "url" => "Saisissez une adresse complète commençant par http:// ou https://.",
                "events" => "Cochez au moins un événement, ou « Tous les événements ».",
                "contentTypes" => "Ce type de contenu n’existe pas.",
                "excludedSources" => "Cette source n’existe pas.",
                "secret" => "Un secret s’écrit whsec_ suivi de 24 à 64 octets en base64 ; laissez le champ vide pour en générer un.",
                _ => string.Join(" ", errors![key]),
            }];
        }
        return french;
    }

    public static string Time(DateTime? utc) => utc is { } u ? Paris.FromUtc(u).ToString("dd/MM/yyyy HH:mm:ss") : "";
}
