using Cms.Commands;

namespace Cms.Recipes;

/// <summary>
/// <c>export &lt;file&gt; [--media &lt;archive.zip&gt;]</c>: the site as an Orchard Core recipe (what
/// <c>GET /api/recipes/export</c> answers), and with <c>--media</c> the media originals and the library's texts in a zip,
/// for <c>recipe &lt;file&gt; --media &lt;archive.zip&gt;</c> to set the site up elsewhere.
/// </summary>
public sealed class ExportCommand(RecipeExport export, RecipeMediaArchive media) : ICliCommand
{
    public static string Name => "export";
    public static string Usage => "<file> [--media <archive.zip>]";
    public static string Summary => "Writes the site as an Orchard Core recipe (types, roles, search indexes, taxonomies, every item), while the site runs; --media: also the media files and their texts, in a zip.";

    // It reads the site as it is: an export neither migrates the database nor sets it up.
    public static CommandDatabase Database => CommandDatabase.AsItIs;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (file, archive) = RecipeArguments.Parse<ExportCommand>(args);
        var target = Path.GetFullPath(file);
        var mediaTarget = archive is null ? null : Path.GetFullPath(archive);
        foreach (var path in new[] { target, mediaTarget }.OfType<string>())
        {
            if (File.Exists(path)) throw new CommandException($"{path} already exists: an export never replaces a file; choose another name.");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        // Written beside the target, then renamed: an interrupted export never leaves a file that looks complete.
        var partial = target + ".partial";
        var mediaPartial = mediaTarget + ".partial";
        try
        {
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await export.WriteAsync(stream, cancellationToken);
            }
            if (mediaTarget is not null)
            {
                var (files, missing) = await media.WriteAsync(mediaPartial, cancellationToken);
                File.Move(mediaPartial, mediaTarget);
                Console.WriteLine($"Media: {files} files and their texts in {mediaTarget} ({new FileInfo(mediaTarget).Length / 1024} KiB).");
                if (missing.Count > 0)
                {
                    await Console.Error.WriteLineAsync($"{missing.Count} media files of the library could not be read (deleted meanwhile?): {string.Join(", ", missing.Take(10))}");
                }
            }
            File.Move(partial, target);
            Console.WriteLine($"Exported the site to {target} ({new FileInfo(target).Length / 1024} KiB).");
            return CommandLine.Succeeded;
        }
        finally
        {
            File.Delete(partial);
            File.Delete(mediaPartial);
        }
    }
}
