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
        "Created" => "Créé",
        "Saved" => "Enregistré",
        "Restored" => "Version restaurée",
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

    /// <summary>
    /// How the history names an audit entry: a save is "Enregistré" (its state shown only when it changed, a published
    /// item's new draft), a workflow transition its own wording with the states it went from and to.
    /// </summary>
    public static (string What, string? States) Entry(AuditSummary entry, ContentWorkflow workflow)
    {
        var transition = workflow.Transitions.FirstOrDefault(t => t.AuditAction == entry.Action);
        var what = Action(entry.Action);
        // A step a recipe added ("Relu", "Validé") has no French wording here: its transition's label says what it did.
        if (transition is not null && what == entry.Action) what = transition.Label;
        var moved = entry.ToStatus is not null && entry.FromStatus != entry.ToStatus;
        string? states = transition is not null || moved
            ? (entry.FromStatus is null ? "" : Of(entry.FromStatus, workflow) + " → ") + Of(entry.ToStatus, workflow)
            : null;
        return (what, states);
    }

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
