using Cms.Commands;

namespace Cms.Import.WordPress;

/// <summary>
/// <c>import wordpress &lt;export.xml&gt; [--uploads &lt;folder&gt;] [--dry-run] [--overwrite] [--report &lt;file&gt;]</c>.
/// May run beside the web host: it writes through the content lifecycle, and the host's followers pick the changes up
/// from the change feed.
/// </summary>
public sealed class WordPressImportCommand(WordPressImporter importer) : ICliCommand
{
    public static string Name => "import";
    public static string Usage => "wordpress <export.xml> [--uploads <folder>] [--dry-run] [--overwrite] [--report <file>]";
    public static string Summary => "Imports a WordPress export (WXR 1.0-1.2): authors, categories, tags, media (from the uploads folder), posts and pages; again: only what changed.";

    public static bool RunsWithoutDynamicPgo => true;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string? export = null, uploads = null, report = null;
        bool dryRun = false, overwrite = false;
        var usage = new CommandException(CommandLine.UsageOf<WordPressImportCommand>(), CommandLine.UsageError);
        if (args.Count < 2 || args[0] != "wordpress") throw usage;
        for (var i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--uploads" when i + 1 < args.Count:
                    uploads = args[++i];
                    break;
                case "--report" when i + 1 < args.Count:
                    report = args[++i];
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--overwrite":
                    overwrite = true;
                    break;
                case var file when !file.StartsWith("--", StringComparison.Ordinal) && export is null:
                    export = file;
                    break;
                default:
                    throw usage;
            }
        }
        if (export is null) throw usage;
        export = Path.GetFullPath(export);
        if (!File.Exists(export)) throw new CommandException($"{export} does not exist.");
        if (uploads is not null)
        {
            uploads = Path.GetFullPath(uploads);
            if (!Directory.Exists(uploads)) throw new CommandException($"The uploads folder {uploads} does not exist.");
        }

        var bar = Console.IsOutputRedirected ? null : new ProgressBar();
        ImportReport result;
        try
        {
            result = await importer.RunAsync(new WordPressImportOptions(export, uploads, dryRun, overwrite), bar, cancellationToken);
        }
        catch (WxrFormatException e)
        {
            bar?.Clear();
            throw new CommandException($"{export}: {e.Message} Nothing was imported.");
        }
        bar?.Clear();
        foreach (var line in result.Summary()) Console.WriteLine(line);
        var seconds = (result.FinishedUtc - result.StartedUtc)?.TotalSeconds;
        Console.WriteLine($"Took {seconds:F1} s; {DynamicPgo.Describe()}.");
        if (report is not null)
        {
            await File.WriteAllTextAsync(Path.GetFullPath(report), result.ToJson(), cancellationToken);
            Console.WriteLine($"Report: {Path.GetFullPath(report)}");
        }
        return CommandLine.Succeeded;
    }

    /// <summary>One line redrawn in place, at most ten times a second.</summary>
    private sealed class ProgressBar : IProgress<ImportProgress>
    {
        private long _last;

        public void Report(ImportProgress value)
        {
            var now = Environment.TickCount64;
            if (now - _last < 100) return;
            _last = now;
            var share = value.BytesTotal == 0 ? 1 : (double)value.BytesRead / value.BytesTotal;
            const int width = 30;
            var filled = (int)(share * width);
            var phase = value.Pass == 1 ? "authors, terms, media" : "posts and pages";
            Console.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {share,4:P0} pass {value.Pass}/2 ({phase}), {value.Items} items ");
        }

        public void Clear() => Console.Write("\r" + new string(' ', 90) + "\r");
    }
}
