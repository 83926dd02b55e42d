using Cms.Content;
using Cms.Workflow;

namespace Cms.Admin;

internal static class StateLabels
{
    /// <summary>A state's label in its type's workflow, else in the default workflow, else its name.</summary>
    public static string Of(string? status, ContentWorkflow? workflow = null) =>
        workflow?.State(status)?.Label ?? ContentWorkflow.Default.State(status)?.Label ?? status ?? "";

    public static string Action(string action) => action switch
    {
        "Created" => "Création",
        "Saved" => "Enregistrement",
        "Submitted" => "Soumis pour relecture",
        "Rejected" => "Rejeté",
        "Published" => "Publié",
        "Scheduled" => "Programmé",
        "Unpublished" => "Dépublié",
        "Deleted" => "Supprimé",
        "Imported" => "Importé",
        "CategoryMoved" => "Rubrique déplacée",
        _ => action,
    };

    /// <summary>French wording for a refusal from the content services; their detail stays in English for API clients.</summary>
    public static string Refusal(Refusal refusal) => refusal.Kind switch
    {
        RefusalKind.PreconditionFailed => "Cet article a été modifié par quelqu’un d’autre depuis que vous l’avez ouvert : vos modifications n’ont pas été enregistrées. Elles sont toujours dans le formulaire ; consultez l’autre version avant d’enregistrer de nouveau.",
        RefusalKind.Invalid => "L’article n’a pas été enregistré : corrigez les champs signalés.",
        RefusalKind.Conflict => "Action impossible dans l’état actuel de l’article (" + refusal.Detail + ").",
        RefusalKind.Forbidden => "Vous n’avez pas le droit de faire cela.",
        RefusalKind.NotFound => "Cet article n’existe pas.",
        _ => refusal.Detail,
    };
}
