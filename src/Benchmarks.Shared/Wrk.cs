using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>Runs Debian's <c>wrk</c> against a URL and reads requests per second and the p99 latency from its output (shared by the benchmarks).</summary>
internal static partial class Wrk
{
    public static (double Rps, string P99) Run(string url, params string[] options)
    {
        using var process = Process.Start(new ProcessStartInfo("wrk", [.. options, "--latency", url]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (output.Contains("Non-2xx", StringComparison.Ordinal) || output.Contains("Socket errors", StringComparison.Ordinal)) Console.WriteLine(output);
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return (rps, P99().Match(output).Groups[1].Value);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(?m)^\s+99%\s+(\S+)")]
    private static partial Regex P99();
}
