using System.Diagnostics;

namespace Cms.Tests.Support;

/// <summary>A command-line task run as the operator runs it: <c>dotnet Cms.dll &lt;command&gt;</c>, a process of its own, from the repository root.</summary>
public static class CommandProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    /// <param name="settings">Configuration keys (<c>Cms:DataPath</c>) passed as environment variables, as an operator would.</param>
    public static async Task<Result> RunAsync(IReadOnlyList<string> args, IDictionary<string, string?>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = CmsApp.FindContentRoot(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cms.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) start.Environment[key.Replace(":", "__")] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet Cms.dll {string.Join(' ', args)} did not end:\n{await output}\n{await error}");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
