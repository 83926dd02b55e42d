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
        await using var running = Start(args, settings);
        return await running.WaitAsync(TimeSpan.FromMinutes(3));
    }

    /// <summary>Starts the command and returns at once: the test acts while it runs (reads a host beside it, kills it).</summary>
    public static Running Start(IReadOnlyList<string> args, IDictionary<string, string?>? settings = null)
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

        return new Running(Process.Start(start)!, args);
    }

    /// <summary>A command being run; disposing it kills what is left of it.</summary>
    public sealed class Running : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly IReadOnlyList<string> _args;
        private readonly Task<string> _output;
        private readonly Task<string> _error;

        internal Running(Process process, IReadOnlyList<string> args)
        {
            _process = process;
            _args = args;
            _output = process.StandardOutput.ReadToEndAsync();
            _error = process.StandardError.ReadToEndAsync();
        }

        public bool HasExited => _process.HasExited;

        public async Task<Result> WaitAsync(TimeSpan timeout)
        {
            using var timer = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(timer.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet Cms.dll {string.Join(' ', _args)} did not end:\n{await _output}\n{await _error}");
            }
            return new Result(_process.ExitCode, await _output, await _error);
        }

        /// <summary>As <c>kill -9</c> would: no chance to finish a batch or clean anything up.</summary>
        public async Task KillAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) await KillAsync();
            _process.Dispose();
        }
    }
}
