using System.Collections;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Cms.Commands;

/// <summary>
/// Runs a long batch command (a WordPress import) without dynamic profile-guided optimization, which the web host keeps.
/// <para>
/// With it, the runtime compiles each hot method once more, instrumented, before its final version: a first import of
/// 10,000 posts compiled 20,000 methods in about 10 s of its 34 s of CPU, on the same two cores as the import and the
/// indexer, and ran at 458–481 posts/s. Without it: 12,800 methods in 4–5 s, 25–28 s of CPU, 515–590 posts/s. The
/// host's pages and API answered 6–11 % fewer requests a second without it (docs/benchmarks.md), so only such a
/// command goes without.
/// </para>
/// <para>
/// The setting is read when the runtime starts, so the command replaces its own process with the same command line and
/// <c>DOTNET_TieredPGO=0</c> (<c>execve</c>: the same process id, signals, exit code and terminal). An operator's own
/// <c>DOTNET_TieredPGO</c>, either value, is left as it is; so is any failure to re-execute (the command runs as it is).
/// </para>
/// </summary>
public static partial class DynamicPgo
{
    public const string Variable = "DOTNET_TieredPGO";

    /// <summary>Returns only when the process was not replaced (already without PGO, set by the operator, or not Unix).</summary>
    public static void ReexecuteWithout(string[] args)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return;
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.GetEnvironmentVariable("COMPlus_TieredPGO") is not null) return;
        if (Environment.ProcessPath is not { } executable || Assembly.GetEntryAssembly()?.Location is not { Length: > 0 } entry) return;

        // `dotnet Cms.dll …` runs again through the muxer with the same assembly; the apphost (`dotnet run`) runs itself.
        var muxer = Path.GetFileNameWithoutExtension(executable) == "dotnet";
        var argv = new List<string?> { executable };
        if (muxer) argv.Add(entry);
        argv.AddRange(args);
        argv.Add(null);

        var environment = new List<string?>();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables()) environment.Add($"{variable.Key}={variable.Value}");
        environment.Add($"{Variable}=0");
        environment.Add(null);

        // Only returns on failure: then the command simply runs here, with the host's settings.
        try
        {
            _ = Execute(executable, [.. argv], [.. environment]);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without execve under that name: the same.
        }
    }

    /// <summary>How this process compiles, for a command's summary.</summary>
    public static string Describe() => Environment.GetEnvironmentVariable(Variable) switch
    {
        "0" => $"dynamic PGO off ({Variable}=0), as imports run",
        null => "dynamic PGO on",
        var value => $"{Variable}={value}, as set",
    };

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execute(string path, string?[] argv, string?[] envp);
}
