using Cms.Commands;
using Cms.Security;

namespace Cms.Recipes;

/// <summary>
/// <c>recipe &lt;file&gt; [--media &lt;archive.zip&gt;]</c>: runs a recipe from any path, an export of another site say,
/// after restoring its media archive (files into the configured store, their texts into the library). An empty database
/// is not given the configured setup recipe first: an export is a setup recipe (<c>issetuprecipe</c>), so it sets the
/// site up (the administrator comes from <c>Cms:Admin</c>, as on a first start), and a start after it runs none. On a
/// site already set up it runs as <c>POST /api/recipes/{name}/run</c> runs one: items already there are left alone.
/// </summary>
public sealed class RecipeCommand(RecipeRunner runner, RecipeMediaArchive media, AdminBootstrapper administrator) : ICliCommand
{
    public static string Name => "recipe";
    public static string Usage => "<file> [--media <archive.zip>]";
    public static string Summary => "Runs a recipe from any path (on an empty database it sets the site up), restoring its media archive first (--media).";

    // Not the setup recipe: on an empty database, this recipe sets the site up.
    public static CommandDatabase Database => CommandDatabase.Prepared;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (file, archive) = RecipeArguments.Parse<RecipeCommand>(args);
        try
        {
            var recipe = RecipeRunner.FromFile(Path.GetFullPath(file));
            if (archive is not null)
            {
                var path = Path.GetFullPath(archive);
                if (!File.Exists(path)) throw new CommandException($"{path} does not exist.");
                var (files, rows) = await media.RestoreAsync(path, cancellationToken);
                Console.WriteLine($"Media: {files} files written to the store, {rows} added to the library, from {path}.");
            }
            var admin = await administrator.EnsureAdministratorAsync();
            var sequence = await runner.RunAsync(recipe, new Actor(admin.Id, admin.UserName, Permissions.All), admin.Id);
            Console.WriteLine($"Ran the recipe '{recipe.Name}' from {recipe.FilePath} (change feed at {sequence}).");
            return CommandLine.Succeeded;
        }
        catch (RecipeException e)
        {
            throw new CommandException(e.Message);
        }
    }
}

/// <summary>The arguments <c>export</c> and <c>recipe</c> share: <c>&lt;file&gt; [--media &lt;archive.zip&gt;]</c>.</summary>
internal static class RecipeArguments
{
    public static (string File, string? MediaArchive) Parse<T>(IReadOnlyList<string> args) where T : ICliCommand
    {
        string? file = null, archive = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--media" && i + 1 < args.Count && archive is null) archive = args[++i];
            else if (!args[i].StartsWith("--", StringComparison.Ordinal) && file is null) file = args[i];
            else throw new CommandException(CommandLine.UsageOf<T>(), CommandLine.UsageError);
        }
        return file is null ? throw new CommandException(CommandLine.UsageOf<T>(), CommandLine.UsageError) : (file, archive);
    }
}
