using Cms.Import;

namespace Cms.Admin;

/// <summary>An import's state as the admin's "Importer" pages say it.</summary>
public static class ImportLabels
{
    public static string State(ImportRun run, DateTime now)
    {
        if (run.IsInterrupted(now)) return "Interrompu (le serveur s’est arrêté)";
        return run.State switch
        {
            ImportRunStates.Queued => "En attente",
            ImportRunStates.Running when run.Pass == 0 => "En cours",
            ImportRunStates.Running => $"En cours : passe {run.Pass}/2 ({(run.Pass == 1 ? "auteurs, rubriques, médias" : "articles et pages")}), {Share(run)}",
            ImportRunStates.Succeeded => "Terminé",
            ImportRunStates.Failed => "Échoué",
            _ => run.State,
        };
    }

    private static string Share(ImportRun run) => run.BytesTotal == 0 ? "" : $"{100 * run.BytesRead / run.BytesTotal} % du fichier lu";
}
