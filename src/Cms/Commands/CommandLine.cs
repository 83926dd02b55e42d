using Cms.Backup;
using Cms.Data;
using Cms.Recipes;
using Microsoft.Extensions.Logging.Console;

namespace Cms.Commands;

/// <summary>
/// Runs a command-line task in a host built with the web host's settings and services (<see cref="CmsApp.AddCms"/>),
/// that never starts: no HTTP, no background service, and no claim on the data folder, which a running web host holds.
/// </summary>
public static class CommandLine
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    /// <summary>Every command: a new one is a class implementing <see cref="ICliCommand"/> and a line here.</summary>
    private static readonly CommandInfo[] Commands =
    [
        CommandInfo.Of<BackupCommand>(),
        CommandInfo.Of<RestoreCommand>(),
        CommandInfo.Of<ExportCommand>(),
        CommandInfo.Of<RecipeCommand>(),
        CommandInfo.Of<Import.WordPress.WordPressImportCommand>(),
    ];

    /// <summary>
    /// Whether the arguments name a command rather than start the web host: a first word that is neither an option
    /// (<c>--urls</c>) nor a setting (<c>Cms:DataPath=…</c>), or <c>--help</c>.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (args[0] is "--help" or "-h" || (!args[0].StartsWith('-') && !args[0].Contains('=')));

    public static async Task<int> RunAsync(string[] args)
    {
        var name = args[0];
        if (name is "help" or "--help" or "-h")
        {
            WriteHelp(Console.Out);
            return Succeeded;
        }
        var command = Array.Find(Commands, c => c.Name == name);
        if (command is null)
        {
            await Console.Error.WriteLineAsync($"Unknown command '{name}'.");
            WriteHelp(Console.Error);
            return UsageError;
        }
        if (command.RunsWithoutDynamicPgo) DynamicPgo.ReexecuteWithout(args);

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler cancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += cancel;
        try
        {
            var builder = CmsApp.CreateBuilder([]);
            // Logs go to standard error: standard output is the command's, for whoever reads or pipes it.
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.AddCms();
            builder.Services.AddScoped(command.Type);
            await using var app = builder.Build();
            if (command.Database == CommandDatabase.Initialized) await app.Services.InitializeDatabaseAsync();
            else if (command.Database == CommandDatabase.Prepared) await app.Services.PrepareDatabaseAsync();
            await using var scope = app.Services.CreateAsyncScope();
            var task = (ICliCommand)scope.ServiceProvider.GetRequiredService(command.Type);
            return await task.RunAsync(args[1..], stop.Token);
        }
        catch (CommandException e)
        {
            await Console.Error.WriteLineAsync($"{name}: {e.Message}");
            return e.ExitCode;
        }
        catch (CmsStartupException e)
        {
            await Console.Error.WriteLineAsync($"{name}: {e.Message}");
            return Failed;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"{name}: stopped.");
            return Failed;
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
        }
    }

    /// <summary>The usage line of one command, for its own refusals of bad arguments.</summary>
    public static string UsageOf<T>() where T : ICliCommand => $"Usage: dotnet run --project src/Cms -- {T.Name} {T.Usage}";

    private static void WriteHelp(TextWriter writer)
    {
        writer.WriteLine("Usage: dotnet run --project src/Cms -- <command> [arguments]   (or dotnet Cms.dll <command> [arguments])");
        writer.WriteLine("Without a command, the web host starts. Commands run with the web host's settings (appsettings.json,");
        writer.WriteLine("environment: Cms__DataPath, ConnectionStrings__Cms…), and may run beside it.");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        var lines = Commands.Select(c => ($"{c.Name} {c.Usage}", c.Summary)).Append(("help", "Lists the commands.")).ToList();
        var width = lines.Max(l => l.Item1.Length) + 3;
        foreach (var (usage, summary) in lines) writer.WriteLine($"  {usage.PadRight(width)}{summary}");
    }

    private sealed record CommandInfo(string Name, string Usage, string Summary, CommandDatabase Database, bool RunsWithoutDynamicPgo, Type Type)
    {
        public static CommandInfo Of<T>() where T : class, ICliCommand => new(T.Name, T.Usage, T.Summary, T.Database, T.RunsWithoutDynamicPgo, typeof(T));
    }
}
